// @passk/report: self-contained HTML reports (report.html) for pipeline runs.
export { buildReport, readRunDir, checkResults, fitsForCurve, type ReportInput, type ReportOptions } from './build-report.js'
