// A chart's module: plotly's own FigureModel and FigureView (from the bundle that
// plotly_library.js loads once per page), bound to this chart's model when its view is
// drawn. Initialising takes no time, so anywidget never gives up on the model.

// The slot the page's charts share: a promise of the bundle, made by whichever comes first.
const slot = () => (window.__agiEconomyPlotly ||= (() => {
  let resolve;
  const ready = new Promise((r) => { resolve = r; });
  return { ready, resolve, loading: false };
})());

export default {
  async render({ model, el }) {
    const bundle = await slot().ready;
    const widget = bundle.default();
    widget.initialize({ model });
    return widget.render({ model, el });
  },
};
