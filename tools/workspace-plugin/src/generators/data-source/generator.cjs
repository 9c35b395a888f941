/**
 * Nx generator `@passk/tools:data-source <name>`: creates packages/source-<name>, a plugin package
 * with a working example source (options schema, validation, a seeded run producing TrialOutcomes),
 * a vitest test that runs it through the real pipeline runner, and the README skeleton of STYLE §6.
 * Written as CommonJS so Nx (which `require`s generator factories) loads it without a TS step.
 */
'use strict'
const path = require('node:path')
const { formatFiles, generateFiles, names, readJson } = require('@nx/devkit')

const NAME = /^[a-z][a-z0-9-]*$/

function normalize(tree, schema) {
  const name = String(schema.name ?? '').trim()
  if (!NAME.test(name)) {
    throw new Error(
      `data-source: name ${JSON.stringify(name)} must be kebab-case (a–z, 0–9, -), starting with a letter, e.g. "my-benchmark".`,
    )
  }
  const directory = (schema.directory ?? 'packages').replace(/\/+$/, '')
  const projectRoot = `${directory}/source-${name}`
  if (tree.exists(projectRoot))
    throw new Error(`data-source: ${projectRoot} already exists; pick another name or delete it first.`)
  const n = names(name)
  const rootPkg = tree.exists('package.json') ? readJson(tree, 'package.json') : {}
  const corePkgPath = 'packages/core/package.json'
  const coreVersion = tree.exists(corePkgPath) ? readJson(tree, corePkgPath).version : '0.1.0'
  const zodVersion = tree.exists(corePkgPath)
    ? ((readJson(tree, corePkgPath).dependencies ?? {}).zod ?? '^4.0.0')
    : '^4.0.0'
  const depth = projectRoot.split('/').length
  return {
    name,
    fileName: n.fileName,
    propertyName: n.propertyName,
    className: n.className,
    packageName: `@passk/source-${name}`,
    description: schema.description || `Data source plugin sources/${name} for passk-lab`,
    version: rootPkg.version ?? '0.1.0',
    coreVersion,
    zodVersion,
    offset: '../'.repeat(depth),
    projectRoot,
    tmpl: '',
  }
}

async function dataSourceGenerator(tree, schema) {
  const o = normalize(tree, schema)
  generateFiles(tree, path.join(__dirname, 'files'), o.projectRoot, o)
  await formatFiles(tree)
  return () => {
    console.log(`
Created ${o.projectRoot} (${o.packageName}) with the plugin sources/${o.name}.

Next steps:
  1. npm install                                   # link the new workspace package
  2. cd ${o.projectRoot} && npx vitest run && npx tsc -p tsconfig.json --noEmit
  3. Edit src/${o.fileName}.ts: replace the example simulation with your data.
  4. Use it from the CLI: add it to passk.config.json in your project,
       { "plugins": ["${o.packageName}"] }         # or "./${o.projectRoot}"
     then \`passk plugins --role sources\` lists sources/${o.name}.
     (To ship it built in, add it to builtinPackages in apps/tui/src/registry.ts.)
See docs/writing-a-plugin.md.
`)
  }
}

module.exports = dataSourceGenerator
module.exports.default = dataSourceGenerator
module.exports.dataSourceGenerator = dataSourceGenerator
module.exports.normalize = normalize
