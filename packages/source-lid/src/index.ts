// @passk/source-lid
import { definePackage } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { lid } from './lid.js'

export { lid, lidOptions, lidSpectrum, lidTeacher, fillLidRows, scaleDot, TAU_FLOOR, type LidOptions } from './lid.js'

export default definePackage({
  meta: { name: pkg.name, version: pkg.version, namespace: 'sources' },
  plugins: [lid],
})
