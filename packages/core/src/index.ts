// @passk/core: data kinds, plugin contract, registry, pipeline specs and runner, RNG, special functions.
export { PasskError, isPasskError, formatError } from './errors.js'
export { CORE_KINDS } from './kinds.js'
export { validateKind, defineKind, knownKinds, checkFinite } from './validate.js'
export {
  defineSource,
  defineEstimator,
  defineEvaluator,
  defineFitter,
  definePackage,
  optionsJsonSchema,
} from './define.js'
export { createRegistry, stageId } from './registry.js'
export { SPEC_VERSION, pipelineSpecSchema, pipelineJsonSchema, parseSpec, loadSpec, resolveSpec } from './spec.js'
export {
  runPipeline,
  writeRunDir,
  fitsForCurve,
  resultsJson,
  curveCsv,
  fitsCsv,
  RESULTS_SCHEMA_VERSION,
} from './runner.js'
export { writeFileAtomic, writeDirAtomic, toCsv, stableJson } from './io.js'
export { createRng } from './rng.js'
export { gridSchema, rangeGridSchema, expandGrid, logGrid, type GridSpec } from './grid.js'
export * as special from './special.js'
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
export type { PipelineSpec, StageSpec, ResolvedSpec } from './spec.js'
export type {
  RunEvent,
  RunResults,
  RunOptions,
  RunOutcome,
  CurveRecord,
  FitRecord,
  TableRecord,
  RunDirExtras,
} from './runner.js'
export type { Rng } from './rng.js'
export type { NpyArray, NpyData, NpyNumericData } from './npy.js'
