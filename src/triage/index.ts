/**
 * The triage module's pure core: content compiler, engine, replay and scenario tests.
 * The database, HTTP routes, governance workflow and CLI sit on top of these.
 */
export { compilePack, overlayPack, loadPackFromDir, hasErrors, formatProblems } from './compiler';
export {
  startSession,
  choosePathway,
  answer,
  back,
  changeAnswer,
  currentQuestion,
  outcomeOf,
  directoryQuery,
  recordOf,
  searchPathways,
  TriageError,
} from './engine';
export type { QuestionView, SearchHit } from './engine';
export { replay, replaySession, generateCorpus, classify } from './replay';
export type { ReplayReport, ReplayChange, PathwayImpact, Direction, OutcomeSummary } from './replay';
export { runScenarioTests, runScenario } from './scenarios';
export type { ScenarioResult } from './scenarios';
export { compareUrgency, urgencyOf } from './urgency';
export type * from './model';
export { AGE_BANDS, SEXES, SCREEN_ID, ageBandOf, StartInput } from './model';
