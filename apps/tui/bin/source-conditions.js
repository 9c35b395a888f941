// Module resolve hook: adds the "@passk/source" export condition so workspace packages resolve to
// their TypeScript sources (used when running from a checkout without a build).
export async function resolve(specifier, context, next) {
  const conditions = context.conditions.includes('@passk/source')
    ? context.conditions
    : [...context.conditions, '@passk/source']
  return next(specifier, { ...context, conditions })
}
