// @passk/plot
export { renderTerminalChart, type TerminalChartOptions, type TerminalCurve, type TerminalSeries, type TerminalFit } from './terminal.js'
