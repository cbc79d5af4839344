// Loads plotly's widget code (plotly.py's widgetbundle.js, sent once as this widget's
// `source`) into the page, once, and hands it to every chart through one shared slot.
//
// Each plotly FigureWidget used to carry the 5 MB bundle as its own module. anywidget
// rejects a model whose module has not initialised within 2 s and then drops every
// later message to it, so on a loaded machine a chart drew its first state and never
// another step. The charts' own module (plotly_chart.js) is a few lines and initialises
// at once; their views wait here for the bundle instead.

// The slot the page's charts share: a promise of the bundle, made by whichever comes first.
const slot = () => (window.__agiEconomyPlotly ||= (() => {
  let resolve;
  const ready = new Promise((r) => { resolve = r; });
  return { ready, resolve, loading: false };
})());

export default {
  initialize({ model }) {
    const shared = slot();
    if (shared.loading) return;
    shared.loading = true;
    const url = URL.createObjectURL(new Blob([model.get("source")], { type: "text/javascript" }));
    import(/* webpackIgnore: true */ url).then((bundle) => {
      URL.revokeObjectURL(url);
      shared.resolve(bundle);
    }).catch((error) => {
      shared.loading = false;  // the next library on the page tries again
      console.error("[agi-economy] plotly's page code did not load", error);
    });
  },
};
