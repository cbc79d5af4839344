// A chart's module: plotly's own FigureModel and FigureView (from the bundle that
// plotly_library.js loads once per page), bound to this chart's model when its view is
// drawn. Initialising takes no time, so anywidget seldom gives up on the model.
//
// Seldom is not never: anywidget rejects a model whose module has not initialised
// within 2 s of the model's creation, and then drops every message to it, so a chart
// created while the machine is starved draws its first state and no later step. Such a
// model cannot tell from inside, so each chart asks the server for an answer once it
// has initialised; one that hears none within HEARING_MS says it is deaf (a message to
// the server still goes through) and the server builds the chart anew.

const HEARING_MS = 20000;

// The slot the page's charts share: a promise of the bundle, made by whichever comes first.
const slot = () => (window.__agiEconomyPlotly ||= (() => {
  let resolve;
  const ready = new Promise((r) => { resolve = r; });
  return { ready, resolve, loading: false };
})());

export default {
  initialize({ model }) {
    let heard = false;
    const hear = (message) => {
      if (message && message.kind === "heard") heard = true;
    };
    model.on("msg:custom", hear);
    model.send({ kind: "hello" });
    const timer = setTimeout(() => {
      if (!heard) model.send({ kind: "deaf" });
    }, HEARING_MS);
    return () => {
      clearTimeout(timer);
      model.off("msg:custom", hear);
    };
  },
  async render({ model, el }) {
    const bundle = await slot().ready;
    const widget = bundle.default();
    widget.initialize({ model });
    return widget.render({ model, el });
  },
};
