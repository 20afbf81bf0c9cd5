"""SimPy twin of Signpost's urgent care simulation (src/modelling/engine.ts), for bench/simulate.ts.

Reads a parsed SimulationInput as JSON and runs the same model on SimPy's scheduler: contacts arrive
by hour of the week (a Poisson stream per area, rate constant within each clock hour), wait for a
call handler or hang up, are triaged to a disposition group, and go home, to ED, to an ambulance, to
the first eligible service open with room this hour (else ED), or to the clinical call-back queue
(shortest timeframe first); some call again. Rotas change every half hour; someone leaving finishes
their contact first. Only the random streams differ from Signpost's, so the two agree in distribution.

Usage: python3 bench/simpy_twin.py INPUT.json REPLICATIONS  → JSON lines, one per replication.
"""
import json
import math
import random
import sys
import time
from collections import deque

import simpy

HOUR = 3600.0
HALF_HOUR = 1800.0
WEEK = 7 * 86400.0


def sampler(d, rng):
    kind = d["kind"]
    if kind == "exponential":
        mean = d["mean"]
        return lambda: rng.expovariate(1.0 / mean)
    if kind == "lognormal":
        sigma2 = math.log(1 + (d["sd"] / d["mean"]) ** 2)
        mu, sigma = math.log(d["mean"]) - sigma2 / 2, math.sqrt(sigma2)
        return lambda: rng.lognormvariate(mu, sigma)
    if kind == "empirical":
        values, weights = d["values"], d.get("weights") or [1] * len(d["values"])
        return lambda: rng.choices(values, weights)[0]
    value = d["value"]
    return lambda: value


def hour_of_week(t):
    return int((t % WEEK) // HOUR)


class Pool:
    """People on a rota (call handlers or clinicians): serve waiting requests while busy < on duty."""

    def __init__(self, queues):
        self.on_duty = 0
        self.busy = 0
        self.queues = [deque() for _ in range(queues)]

    def request(self, env, priority=0):
        event = env.event()
        if self.busy < self.on_duty and not any(self.queues):
            self.busy += 1
            event.succeed()
        else:
            self.queues[priority].append(event)
        return event

    def release(self):
        self.busy -= 1
        self.dispatch()

    def dispatch(self):
        while self.busy < self.on_duty:
            queue = next((q for q in self.queues if q), None)
            if queue is None:
                return
            event = queue.popleft()
            if event.triggered:  # withdrawn (the caller hung up)
                continue
            self.busy += 1
            event.succeed()


def run(model, seed):
    rng = random.Random(seed)
    env = simpy.Environment()
    horizon = model["horizonDays"] * 86400.0
    warm_up = model["warmUpDays"] * 86400.0
    bands = model["ageBands"]
    groups = model["dispositionGroups"]
    group_index = {g["id"]: i for i, g in enumerate(groups)}
    timeframes = sorted({g["callbackMinutes"] * 60 for g in groups if g["route"] == "clinical"})
    handle = sampler(model["callHandling"]["handleSeconds"], rng)
    patience = sampler(model["callHandling"]["patienceSeconds"], rng)
    assessment = sampler(model["clinical"]["assessmentSeconds"], rng)
    redial_delay = sampler(model["recontact"]["afterAbandonSeconds"], rng)
    target = model["callHandling"]["answeredWithinSeconds"]
    acute, recontact = model["acute"], model["recontact"]
    mix = {b: [(group_index[g], w) for g, w in model["dispositionMix"][b].items() if w > 0] for b in bands}
    services = model["services"]
    capacity = [
        [(s["capacityPerHour"] if isinstance(s["capacityPerHour"], (int, float)) else s["capacityPerHour"][h]) if s["openHoursOfWeek"][h] else 0 for h in range(168)]
        for s in services
    ]
    used = [[-1, 0] for _ in services]
    eligible = {}
    for area in model["areas"]:
        for b in bands:
            for g in groups:
                eligible[(area["id"], b, g["id"])] = [
                    i for i, s in enumerate(services)
                    if (not s.get("areas") or area["id"] in s["areas"]) and b in s["ageBands"] and g["id"] in s["groups"]
                ]
    handlers, clinicians = Pool(1), Pool(len(timeframes))
    c = dict(offered=0, answered=0, answered_within=0, abandoned=0, wait_total=0.0, triaged=0, assessed=0, clinical_started=0, within_timeframe=0,
             referred=0, unplaced=0, ed_attendances=0, ambulance=0, admissions=0, recontacts=0)
    dispositions = {g["id"]: 0 for g in groups}

    def pick(weighted):
        return rng.choices([i for i, _ in weighted], [w for _, w in weighted])[0]

    def rota():
        while True:
            half_hour = int((env.now % WEEK) // HALF_HOUR)
            handlers.on_duty = model["callHandling"]["handlersPerHalfHour"][half_hour]
            clinicians.on_duty = model["clinical"]["cliniciansPerHalfHour"][half_hour]
            handlers.dispatch()
            clinicians.dispatch()
            yield env.timeout(HALF_HOUR)

    def attend_ed(counted):
        if counted:
            c["ed_attendances"] += 1
            if rng.random() < acute["admissionFromEd"]:
                c["admissions"] += 1

    def route(area, band, group, counted):
        g = groups[group]
        r = g["route"]
        if r == "clinical":
            queued = env.now
            yield clinicians.request(env, timeframes.index(g["callbackMinutes"] * 60))
            if counted:
                c["clinical_started"] += 1
                c["within_timeframe"] += env.now - queued <= g["callbackMinutes"] * 60
            yield env.timeout(assessment())
            clinicians.release()
            after = [(group_index[k], w) for k, w in g["afterAssessment"].items() if w > 0]
            if counted:
                c["assessed"] += 1
            yield from route(area, band, pick(after), counted)
            return
        if r == "ed":
            if rng.random() < acute["edAttendance"]:
                attend_ed(counted)
        elif r == "ambulance":
            if counted:
                c["ambulance"] += 1
            if rng.random() < acute["ambulanceConveyance"]:
                attend_ed(counted)
        elif r == "service":
            hour, how = int(env.now // HOUR), hour_of_week(env.now)
            for s in eligible[(area, band, g["id"])]:
                if capacity[s][how] <= 0:
                    continue
                if used[s][0] != hour:
                    used[s] = [hour, 0]
                if used[s][1] >= capacity[s][how]:
                    continue
                used[s][1] += 1
                if counted:
                    c["referred"] += 1
                break
            else:
                if counted:
                    c["unplaced"] += 1
                attend_ed(counted)
        u = rng.random()
        if u < recontact["within24h"]:
            env.process(later(rng.random() * 86400.0, area, band))
        elif u < recontact["within24h"] + recontact["within72h"]:
            env.process(later(86400.0 + rng.random() * 2 * 86400.0, area, band))

    def later(delay, area, band):
        yield env.timeout(delay)
        yield from contact(area, band, True)

    def contact(area, band, is_recontact):
        arrived = env.now
        counted = arrived >= warm_up
        if counted:
            c["offered"] += 1
            c["recontacts"] += is_recontact
        answered = handlers.request(env)
        if not answered.triggered:
            outcome = yield answered | env.timeout(patience())
            if answered not in outcome:
                answered.succeed()  # withdraw from the queue
                if counted:
                    c["abandoned"] += 1
                if rng.random() < recontact["afterAbandon"]:
                    env.process(later(redial_delay(), area, band))
                return
        wait = env.now - arrived
        if counted:
            c["answered"] += 1
            c["wait_total"] += wait
            c["answered_within"] += wait <= target
        yield env.timeout(handle())
        handlers.release()
        group = pick(mix[band])
        if counted:
            c["triaged"] += 1
            dispositions[groups[group]["id"]] += 1
        yield from route(area, band, group, counted)

    def arrivals(area):
        rates = [r / HOUR for r in area["callsPerHourOfWeek"]]
        cumulative, total = [], 0.0
        for b in bands:
            total += area["ageMix"].get(b, 0)
            cumulative.append(total)
        while True:
            t = env.now
            while True:
                rate = rates[hour_of_week(t)]
                boundary = (math.floor(t / HOUR) + 1) * HOUR
                if rate > 0:
                    nxt = t + rng.expovariate(rate)
                    if nxt < boundary:
                        break
                t = boundary
            yield env.timeout(nxt - env.now)
            band = rng.choices(bands, cum_weights=cumulative)[0]
            env.process(contact(area["id"], band, False))

    env.process(rota())
    for area in model["areas"]:
        env.process(arrivals(area))
    env.run(until=horizon)
    c["dispositions"] = dispositions
    return c


def main():
    model = json.load(open(sys.argv[1]))
    replications = int(sys.argv[2])
    for index in range(replications):
        started, cpu = time.perf_counter(), time.process_time()
        counts = run(model, model["seed"] * 1000 + index)
        counts["ms"] = (time.perf_counter() - started) * 1000
        counts["cpuMs"] = (time.process_time() - cpu) * 1000
        print(json.dumps(counts), flush=True)


if __name__ == "__main__":
    main()
