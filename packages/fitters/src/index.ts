// @passk/fitters
import { definePackage } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }

export default definePackage({
  meta: { name: pkg.name, version: pkg.version, namespace: 'fitters' },
  plugins: [],
})
