// Draws the report's charts with the inlined vega runtime. The specs were compiled to Vega when the
// report was written; their expressions run in vega's interpreter (no eval), which is what lets the
// page forbid every script but its own three.
(function () {
  'use strict';
  var block = document.getElementById('lm-charts');
  if (!block || typeof vega === 'undefined') return;
  var specs = JSON.parse(block.textContent);
  var charts = document.querySelectorAll('[data-chart]');
  for (var i = 0; i < charts.length; i++) draw(charts[i]);

  function draw(el) {
    var spec = specs[el.getAttribute('data-chart')];
    if (!spec) return;
    var view = new vega.View(vega.parse(spec, null, { ast: true }), {
      expr: vega.expressionInterpreter,
      renderer: 'svg',
      container: el,
      hover: true,
    });
    view.runAsync().then(
      function () {
        el.setAttribute('data-rendered', 'true');
      },
      function (error) {
        el.setAttribute('data-rendered', 'error');
        el.textContent = 'This chart could not be drawn: ' + error.message;
      },
    );
  }
})();
