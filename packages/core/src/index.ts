// @passk/core: data kinds, plugin contract, registry, pipeline specs and runner, RNG, special functions.
export { PasskError, isPasskError, formatError } from './errors.js'
export { CORE_KINDS } from './kinds.js'
export { validateKind, defineKind, knownKinds, checkFinite, CORE_VALIDATORS } from './validate.js'
export type { KindValidator, KindDefinition } from './validate.js'
export {
  defineSource,
  defineEstimator,
  defineEvaluator,
  defineFitter,
  definePackage,
  optionsJsonSchema,
} from './define.js'
export { createRegistry } from './registry.js'
export { stageId, stageInput, type StageRef } from './stages.js'
export {
  SPEC_VERSION,
  pipelineSpecSchema,
  pipelineJsonSchema,
  parseSpec,
  loadSpec,
  resolveSpec,
  planSpec,
} from './spec.js'
export { runPipeline, fitsForCurve, resultsJson, curveCsv, fitsCsv, RESULTS_SCHEMA_VERSION } from './runner.js'
export {
  writeRunDir,
  readRunDir,
  checkRunResults,
  runResultsSchema,
  addRunDirFile,
  runDirFiles,
  isOwnRunDir,
  readRunMarker,
  isSafeRelPath,
  RUN_DIR_FORMAT,
  RUN_DIR_FORMAT_VERSION,
} from './run-dir.js'
export {
  writeFileAtomic,
  writeDirAtomic,
  checkDirTarget,
  cleanStaleTemps,
  outputError,
  toCsv,
  stableJson,
} from './io.js'
export { createRng } from './rng.js'
export { gridSchema, rangeGridSchema, expandGrid, logGrid, type GridSpec } from './grid.js'
export { special } from '@passk/stats'
export { readNpy, writeNpy, readNpyFile, readNpz, readNpzFile } from './npy.js'
export { maxOf, minOf } from './extent.js'
export { z } from 'zod'
export type * from './kinds.js'
export type {
  Plugin,
  PluginRole,
  PluginContext,
  ProgressEvent,
  Logger,
  RunWarning,
  SourcePlugin,
  StagePlugin,
  PluginPackage,
  RegisteredPlugin,
  OptionsSchema,
} from './define.js'
export type { Registry } from './registry.js'
export type { PipelineSpec, StageSpec, ResolvedSpec, SpecPlan } from './spec.js'
export type { RunEvent, RunResults, RunOptions, RunOutcome, CurveRecord, FitRecord, TableRecord } from './runner.js'
export type { RunDirExtras, RunFileProducer, RunFiles, RunDirMarker, RunDirContents } from './run-dir.js'
export type { WriteFileOptions, WriteDirOptions } from './io.js'
export type { Rng } from './rng.js'
export type { NpyArray, NpyData, NpyNumericData } from './npy.js'
