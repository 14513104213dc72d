//! Bar charts over months as server-rendered SVG: no JavaScript, no library at
//! run time. Each chart has a `<title>` and description, tells its series apart
//! by pattern as well as colour, names every bar segment (`<title>` and `data-*`
//! attributes the tests read), scales to 320 px and prints; its numbers are
//! also a table (`<details>` "Daten als Tabelle") and a CSV.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate};

use crate::domain::{Maturity, MaturityModel, ProjectStatus};
use crate::i18n::{t, t_arg, t_static};
use crate::model::trends::Series;

/// The message keys of the months' short names ("Jan.", "März" / "Jan", "Mar").
const MONTHS: [&str; 12] = [
    "charts-month-1",
    "charts-month-2",
    "charts-month-3",
    "charts-month-4",
    "charts-month-5",
    "charts-month-6",
    "charts-month-7",
    "charts-month-8",
    "charts-month-9",
    "charts-month-10",
    "charts-month-11",
    "charts-month-12",
];

/// "Mai 2023" / "May 2023", in the request's language (German outside a request:
/// the documents, and the CSV downloads, which `web::trends` makes in German).
pub fn month_label(month: NaiveDate) -> String {
    format!("{} {}", t_static(MONTHS[month.month0() as usize]), month.year())
}

/// Fills told apart by colour and by pattern: (colour, pattern).
const STYLES: [(&str, Pattern); 8] = [
    ("#c9d3e6", Pattern::Plain),
    ("#7f9cd3", Pattern::Diagonal),
    ("#2f5dab", Pattern::Dots),
    ("#183b7a", Pattern::Plain),
    ("#0b2250", Pattern::Cross),
    ("#e8b04a", Pattern::Diagonal),
    ("#a8681a", Pattern::Dots),
    ("#5c5c5c", Pattern::Cross),
];

#[derive(Clone, Copy)]
enum Pattern {
    Plain,
    Diagonal,
    Dots,
    Cross,
}

/// A chart: one bar per month, its series stacked.
pub struct Chart {
    /// Unique on the page: the prefix of the chart's element ids.
    pub id: String,
    pub title: String,
    pub description: String,
    /// What is counted, for the table's caption and the tooltips ("Online-Dienste").
    pub unit: &'static str,
    pub months: Vec<NaiveDate>,
    /// (label, one value per month)
    pub series: Vec<(String, Vec<i64>)>,
    /// The series as CSV.
    pub csv_href: String,
    /// How a month's value is counted, for the table's caption ("am Monatsende", "im Monat").
    pub counted: &'static str,
}

impl Chart {
    /// A chart of `series`, its categories named by `label`.
    pub fn new(
        id: &'static str,
        title: String,
        unit: &'static str,
        series: &Series,
        label: impl Fn(&str) -> String,
    ) -> Chart {
        let named: Vec<(String, Vec<i64>)> =
            series.categories.iter().map(|(code, v)| (label(code), v.clone())).collect();
        let mut chart = Chart {
            id: id.to_string(),
            title,
            description: String::new(),
            unit,
            months: series.months.clone(),
            series: named,
            csv_href: String::new(),
            counted: t_static("charts-counted-stock"),
        };
        chart.description = chart.describe(true);
        chart
    }

    /// The chart's description (its alt text): what is counted from when to when,
    /// stacked by what (a count of what happened in a month, of one series, names
    /// no stacking), the latest and the highest value, and where the numbers are.
    fn describe(&self, stock: bool) -> String {
        let first = self.months.first().map(|m| month_label(*m)).unwrap_or_default();
        let last = self.months.last().map(|m| month_label(*m)).unwrap_or_default();
        let totals: Vec<i64> = (0..self.months.len()).map(|i| self.total(i)).collect();
        let peak = totals.iter().copied().max().unwrap_or(0);
        let now = totals.last().copied().unwrap_or(0);
        let series = self.series.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>().join(", ");
        let key = match (stock, self.series.len() == 1) {
            (true, _) => "charts-description-stock",
            (false, false) => "charts-description-flow",
            (false, true) => "charts-description-flow-single",
        };
        let lang = crate::i18n::lang();
        let what = lang.t_with(
            key,
            &[("unit", self.unit.into()), ("first", first.into()), ("last", last.into()), ("series", series.into())],
        );
        let values = lang
            .t_with("charts-description-values", &[("now", now.to_string().into()), ("peak", peak.to_string().into())]);
        format!("{what} {values} {}", t("charts-description-table"))
    }

    /// Whether a month's value is a count at its end (a stock) or of what happened in it.
    pub fn at_month_end(mut self, stock: bool) -> Chart {
        self.counted = t_static(if stock { "charts-counted-stock" } else { "charts-counted-flow" });
        self.description = self.describe(stock);
        self
    }

    pub fn with_csv(mut self, href: impl Into<String>) -> Chart {
        self.csv_href = href.into();
        self
    }

    pub fn is_empty(&self) -> bool {
        self.months.is_empty() || self.series.iter().all(|(_, v)| v.iter().all(|n| *n == 0))
    }

    /// All series of a month added up.
    pub fn total(&self, month: usize) -> i64 {
        self.series.iter().map(|(_, v)| v[month]).sum()
    }

    /// The top of the value axis: a round number at or above the highest bar.
    pub fn axis_top(&self) -> i64 {
        nice_ceiling((0..self.months.len()).map(|i| self.total(i)).max().unwrap_or(0).max(1))
    }

    /// The plain colour of a series (the document draws without patterns, with outlines).
    pub fn colour(&self, series: usize) -> &'static str {
        STYLES[self.style(series)].0
    }

    /// The table's rows: month label, the values, the total; newest first.
    pub fn rows(&self) -> Vec<(String, Vec<i64>, i64)> {
        (0..self.months.len())
            .rev()
            .map(|i| (month_label(self.months[i]), self.series.iter().map(|(_, v)| v[i]).collect(), self.total(i)))
            .collect()
    }

    /// Legend entries: (label, swatch as inline SVG).
    pub fn legend(&self) -> Vec<(String, String)> {
        self.series
            .iter()
            .enumerate()
            .map(|(i, (label, _))| {
                let swatch = format!(
                    "<svg class=\"chart__swatch\" viewBox=\"0 0 16 16\" width=\"16\" height=\"16\" aria-hidden=\"true\" focusable=\"false\">\
                     <rect width=\"16\" height=\"16\" fill=\"{}\" stroke=\"#1f2937\" stroke-width=\"1\"/></svg>",
                    self.fill(i)
                );
                (label.clone(), swatch)
            })
            .collect()
    }

    /// The style of a series: a chart of one series takes a dark one (the lightest is for stacks).
    fn style(&self, series: usize) -> usize {
        if self.series.len() == 1 { 3 } else { series % STYLES.len() }
    }

    fn fill(&self, series: usize) -> String {
        let style = self.style(series);
        match STYLES[style].1 {
            Pattern::Plain => STYLES[style].0.to_string(),
            _ => format!("url(#{}-p{style})", self.id),
        }
    }

    /// The chart as inline SVG.
    pub fn svg(&self) -> String {
        const WIDTH: f64 = 360.0;
        const HEIGHT: f64 = 200.0;
        const LEFT: f64 = 30.0;
        const TOP: f64 = 8.0;
        const BOTTOM: f64 = 24.0;
        let plot_w = WIDTH - LEFT - 4.0;
        let plot_h = HEIGHT - TOP - BOTTOM;
        let n = self.months.len().max(1);
        let step = plot_w / n as f64;
        let bar = (step * 0.8).max(1.0);
        let peak = (0..self.months.len()).map(|i| self.total(i)).max().unwrap_or(0);
        let top_tick = nice_ceiling(peak.max(1));
        let y = |v: f64| TOP + plot_h - v / top_tick as f64 * plot_h;
        let id = &self.id;
        let mut s = String::new();
        let _ = write!(
            s,
            "<svg class=\"chart__svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\
             <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc><defs>",
            escape(&self.title),
            escape(&self.description)
        );
        let used: Vec<usize> = (0..self.series.len()).map(|k| self.style(k)).collect();
        for (i, (colour, pattern)) in STYLES.iter().enumerate().filter(|(i, _)| used.contains(i)) {
            let marks = match pattern {
                Pattern::Plain => continue,
                Pattern::Diagonal => {
                    "<path d=\"M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2\" stroke=\"#fff\" stroke-width=\"1.2\"/>"
                }
                Pattern::Dots => "<circle cx=\"3\" cy=\"3\" r=\"1.2\" fill=\"#fff\"/>",
                Pattern::Cross => "<path d=\"M0,3 h6 M3,0 v6\" stroke=\"#fff\" stroke-width=\"1\"/>",
            };
            let _ = write!(
                s,
                "<pattern id=\"{id}-p{i}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">\
                 <rect width=\"6\" height=\"6\" fill=\"{colour}\"/>{marks}</pattern>"
            );
        }
        s.push_str("</defs>");
        // Grid lines and the y axis: 0, half and the top.
        for tick in [0, top_tick / 2, top_tick] {
            let ty = y(tick as f64);
            let _ = write!(
                s,
                "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{ty:.1}\" y2=\"{ty:.1}\" stroke=\"#9ca3af\" stroke-width=\"0.5\"/>\
                 <text x=\"{}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"end\" fill=\"#1f2937\">{tick}</text>",
                WIDTH - 4.0,
                LEFT - 3.0,
                ty + 3.0
            );
        }
        for (i, month) in self.months.iter().enumerate() {
            let x = LEFT + i as f64 * step + (step - bar) / 2.0;
            let mut base = 0i64;
            for (k, (label, values)) in self.series.iter().enumerate() {
                let v = values[i];
                if v == 0 {
                    continue;
                }
                let (y0, y1) = (y(base as f64), y((base + v) as f64));
                let _ = write!(
                    s,
                    "<rect x=\"{x:.2}\" y=\"{y1:.2}\" width=\"{bar:.2}\" height=\"{:.2}\" fill=\"{}\" stroke=\"#1f2937\" stroke-width=\"0.4\" \
                     data-month=\"{}\" data-series=\"{}\" data-value=\"{v}\"><title>{}: {} {v}</title></rect>",
                    y0 - y1,
                    self.fill(k),
                    month.format("%Y-%m"),
                    escape(label),
                    month_label(*month),
                    escape(label)
                );
                base += v;
            }
            // A year's label under its January (and under the first month).
            if month.month() == 1 || i == 0 {
                let _ = write!(
                    s,
                    "<text x=\"{:.1}\" y=\"{}\" font-size=\"9\" fill=\"#1f2937\">{}</text>\
                     <line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{}\" y2=\"{}\" stroke=\"#1f2937\" stroke-width=\"0.5\"/>",
                    LEFT + i as f64 * step,
                    HEIGHT - 8.0,
                    month.year(),
                    LEFT + i as f64 * step,
                    LEFT + i as f64 * step,
                    TOP + plot_h,
                    TOP + plot_h + 4.0
                );
            }
        }
        let _ = write!(
            s,
            "<line x1=\"{LEFT}\" x2=\"{LEFT}\" y1=\"{TOP}\" y2=\"{}\" stroke=\"#1f2937\" stroke-width=\"0.75\"/></svg>",
            TOP + plot_h
        );
        s
    }
}

/// 2, 4, 10, 20, 40, 100, … at or above `n` (the top of the y axis): even, so the middle tick is whole.
fn nice_ceiling(n: i64) -> i64 {
    let mut step = 2;
    loop {
        for m in [1, 2, 5] {
            let candidate = m * step;
            if candidate >= n {
                return candidate;
            }
        }
        step *= 10;
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A series' category (a level) named on its model's scale.
pub fn maturity_label(model: MaturityModel) -> impl Fn(&str) -> String {
    move |code| {
        let level: i64 = code.parse().unwrap_or_default();
        let name = Maturity::new(model, level).map_or_else(|| t_static("charts-maturity-unknown"), |m| m.label());
        crate::i18n::lang()
            .t_with("charts-maturity-level", &[("level", level.to_string().into()), ("name", name.into())])
    }
}

/// The one series of the milestones reached ("erreicht").
pub fn milestone_label(_code: &str) -> String {
    t("charts-milestones-reached")
}

pub fn status_label(code: &str) -> String {
    ProjectStatus::from_code(code).map_or_else(|| code.to_string(), |s| s.label().to_string())
}

/// Categories no record ever had in the period take no room in the legend and the table.
fn without_empty(mut series: Series) -> Series {
    series.categories.retain(|(_, values)| values.iter().any(|n| *n > 0));
    series
}

/// Where a model's series is downloaded.
pub fn services_csv_href(model: MaturityModel) -> &'static str {
    match model {
        MaturityModel::V1 => "/verlauf/online-dienste.csv",
        MaturityModel::V2 => "/verlauf/online-dienste-2.0.csv",
    }
}

/// Online services per month by their level on one maturity model.
pub fn services(model: MaturityModel, mut series: Series) -> Chart {
    if model == MaturityModel::V2 {
        // Few services are rated on the new scale yet: its unused levels would only fill the legend.
        series = without_empty(series);
    }
    Chart::new(
        match model {
            MaturityModel::V1 => "verlauf-dienste-1-1",
            MaturityModel::V2 => "verlauf-dienste-2-0",
        },
        t_arg("charts-services-title", model.label()),
        t_static("charts-services-unit"),
        &series,
        maturity_label(model),
    )
    .at_month_end(true)
}

/// Projects per month by status.
pub fn projects(series: Series) -> Chart {
    let series = without_empty(series);
    Chart::new("verlauf-projekte", t("charts-projects-title"), t_static("charts-projects-unit"), &series, status_label)
        .at_month_end(true)
}

/// Milestones reached per month.
pub fn milestones(series: Series) -> Chart {
    Chart::new(
        "verlauf-meilensteine",
        t("charts-milestones-title"),
        t_static("charts-milestones-unit"),
        &series,
        milestone_label,
    )
    .at_month_end(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series() -> Series {
        Series {
            months: vec![NaiveDate::from_ymd_opt(2022, 12, 1).unwrap(), NaiveDate::from_ymd_opt(2023, 1, 1).unwrap()],
            categories: vec![("a".into(), vec![1, 2]), ("b".into(), vec![0, 3])],
        }
    }

    #[test]
    fn every_segment_is_named_and_its_numbers_are_the_tables() {
        let chart = Chart::new("c", "Titel".into(), "Dinge", &series(), |c| format!("Reihe <{c}>"));
        let svg = chart.svg();
        assert!(svg.contains("<title id=\"c-title\">Titel</title>"));
        assert!(svg.contains("data-month=\"2023-01\" data-series=\"Reihe &lt;b&gt;\" data-value=\"3\""), "{svg}");
        assert!(!svg.contains("data-month=\"2022-12\" data-series=\"Reihe &lt;b&gt;\""), "zeros draw nothing");
        assert_eq!(chart.rows()[0], ("Jan. 2023".to_string(), vec![2, 3], 5));
        assert!(svg.contains(">2023</text>"), "the year under its January");
        assert!(chart.description.contains("Zuletzt 5, höchster Wert 5"));
    }

    #[test]
    fn the_axis_ends_at_a_round_number() {
        assert_eq!(nice_ceiling(1), 2);
        assert_eq!(nice_ceiling(5), 10);
        assert_eq!(nice_ceiling(65), 100);
        assert_eq!(nice_ceiling(140), 200);
    }
}
