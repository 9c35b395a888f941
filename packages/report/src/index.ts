// @passk/report: self-contained HTML reports (report.html) for pipeline runs.
export { buildReport, readRunDir, checkResults, type ReportInput, type ReportOptions } from './build-report.js'
export { fitsForCurve } from '@passk/core'
