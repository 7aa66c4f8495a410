/**
 * Seeing runs: {@link lfm.report.RunOverview} reads what a run folder holds (config.json, loss.csv,
 * train.json, eval.json), {@link lfm.report.RunTable} lists runs for {@code lfm runs}, and
 * {@link lfm.report.ReportPage} writes the self-contained HTML report of one or several runs, whose
 * sample figures come from {@link lfm.report.SampleFigure} plug-ins.
 */
package lfm.report;
