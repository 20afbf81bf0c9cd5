// Why this file exists: "within N working days" is a count of days, not N × 24 hours. A Friday
// evening "next working day" ends on Monday (Tuesday after a bank holiday Monday), not on Saturday
// evening. The search's opening window and the cases' deadlines both count them here, in
// Europe/London local days (a day the clocks change is still one day) with the nation's bank
// holidays. Pure; uses the cached local days of local-time.ts.
import { localDay, localDayAt } from './local-time';
import type { BankHolidayLookup, Nation } from './opening-hours';

/** Saturday and Sunday in LocalDay.weekday (Monday = 0). */
const SATURDAY = 5;

/**
 * The last instant (local 23:59:59.999) of the `days`-th working day after the local day of `fromMs`:
 * the day itself never counts, weekends and the nation's bank holidays are skipped.
 */
export function workingDaysEndMs(fromMs: number, days: number, calendar: BankHolidayLookup, nation: Nation): number {
  let day = localDayAt(fromMs);
  let counted = 0;
  while (counted < days) {
    day = localDay(day.num + 1);
    if (day.weekday < SATURDAY && !calendar.isBankHoliday(nation, day.date)) counted++;
  }
  return day.endMs - 1;
}
