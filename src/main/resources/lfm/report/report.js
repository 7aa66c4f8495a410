// lfm report: draws the charts and figures of the page from the JSON in <script id="lfm-data">.
// Plain browser JavaScript, no libraries, nothing loaded from anywhere: SVG line charts (linear or log y)
// and canvas density/scatter panels. Figure kinds are looked up in FIGURES, so new kinds (image grids)
// only add an entry there.
(function () {
  'use strict';
  const DATA = JSON.parse(document.getElementById('lfm-data').textContent);
  const SVG = 'http://www.w3.org/2000/svg';
  const DASHES = ['', '7 3', '2 3', '10 3 2 3', '4 4', '1 2'];
  const BLOCK_COLORS = ['#2f5fb3', '#d1495b', '#2e9e6a', '#e69f00', '#7b4fa8', '#0099a8', '#8c564b', '#e377c2', '#5f6b7a'];

  function svg(tag, attributes, parent) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
    if (parent) parent.appendChild(node);
    return node;
  }

  function format(value) {
    if (!isFinite(value)) return String(value);
    const magnitude = Math.abs(value);
    if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e5)) return value.toExponential(2);
    return String(Number(value.toPrecision(4)));
  }

  // About `count` round numbers covering [low, high].
  function linearTicks(low, high, count) {
    const rough = (high - low) / Math.max(1, count);
    const power = Math.pow(10, Math.floor(Math.log10(rough)));
    const step = [1, 2, 5, 10].map(m => m * power).find(s => s >= rough) || 10 * power;
    const ticks = [];
    for (let t = Math.ceil(low / step) * step; t <= high + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
    return ticks;
  }

  // Powers of ten covering [low, high] (both > 0); 2 and 5 between them when the range is short.
  function logTicks(low, high) {
    const ticks = [];
    const first = Math.floor(Math.log10(low)), last = Math.ceil(Math.log10(high));
    const between = last - first <= 2 ? [1, 2, 5] : [1];
    for (let e = first; e <= last; e++) {
      for (const m of between) {
        const t = m * Math.pow(10, e);
        if (t >= low * 0.999 && t <= high * 1.001) ticks.push(t);
      }
    }
    return ticks.length >= 2 ? ticks : [low, high];
  }

  // series: [{name, group, color, dash, marker, points: [[x, y], ...]}]; options: {logY, xLabel, yLabel,
  // hidden: Set of groups, width, height, integerX}. Redraws itself when a legend entry is clicked.
  function lineChart(container, series, options) {
    container.innerHTML = '';
    container.classList.add('chart');
    const hidden = options.hidden || (options.hidden = new Set());
    const width = options.width || 900, height = options.height || 340;
    const usable = p => typeof p[1] === 'number' && isFinite(p[0]) && isFinite(p[1]) && (!options.logY || p[1] > 0);
    const visible = series.filter(s => !hidden.has(s.group));
    const points = visible.flatMap(s => s.points.filter(usable));
    const legend = chartLegend(container, series, hidden, () => lineChart(container, series, options));
    const root = svg('svg', {width, height, viewBox: '0 0 ' + width + ' ' + height, role: 'img'}, container);
    if (points.length === 0) {
      svg('text', {x: width / 2, y: height / 2, 'text-anchor': 'middle'}, root).textContent =
        options.logY ? 'no positive values to show on a log scale' : 'no values';
      return;
    }
    const scale = chartScale(points, width, height, options);
    chartAxes(root, scale, width, height, options);
    const drawn = [];
    for (const s of visible) {
      const kept = s.points.filter(usable);
      if (kept.length === 0) continue;
      const path = kept.map((p, i) => (i ? 'L' : 'M') + scale.x(p[0]).toFixed(1) + ',' + scale.y(p[1]).toFixed(1)).join('');
      svg('path', {d: path, fill: 'none', stroke: s.color, 'stroke-width': 1.6, 'stroke-dasharray': s.dash || '', 'data-series': s.name}, root);
      if (s.marker) for (const p of kept) svg('circle', {cx: scale.x(p[0]), cy: scale.y(p[1]), r: 3.2, fill: s.color}, root);
      for (const p of kept) drawn.push({series: s, x: p[0], y: p[1], sx: scale.x(p[0]), sy: scale.y(p[1])});
    }
    chartTooltip(container, root, drawn, legend, options);
  }

  // One entry per group; a click hides or shows the group's series. Shown only for two or more groups.
  function chartLegend(container, series, hidden, redraw) {
    const legend = document.createElement('div');
    legend.className = 'legend';
    const groups = [];
    for (const s of series) if (!groups.some(g => g.group === s.group)) groups.push(s);
    for (const g of groups) {
      const item = document.createElement('span');
      item.innerHTML = '<span class="swatch" style="background:' + g.color + '"></span>';
      item.appendChild(document.createTextNode(g.group));
      if (hidden.has(g.group)) item.className = 'off';
      item.addEventListener('click', () => {
        hidden.has(g.group) ? hidden.delete(g.group) : hidden.add(g.group);
        redraw();
      });
      legend.appendChild(item);
    }
    if (groups.length > 1) container.appendChild(legend);
    return legend;
  }

  // Data → pixel maps over the points' range (y padded; log y when asked), inside fixed margins.
  function chartScale(points, width, height, options) {
    const margin = {left: 64, right: 16, top: 10, bottom: 40};
    let [x0, x1] = [Math.min(...points.map(p => p[0])), Math.max(...points.map(p => p[0]))];
    let [y0, y1] = [Math.min(...points.map(p => p[1])), Math.max(...points.map(p => p[1]))];
    if (x1 === x0) { x0 -= 1; x1 += 1; }
    if (options.logY) {
      if (y1 === y0) { y0 /= 2; y1 *= 2; }
      y0 /= 1.15; y1 *= 1.15;
    } else {
      const pad = (y1 - y0 || Math.abs(y1) || 1) * 0.06;
      y0 -= pad; y1 += pad;
    }
    const plotWidth = width - margin.left - margin.right, plotHeight = height - margin.top - margin.bottom;
    return {
      margin, plotWidth, plotHeight, x0, x1, y0, y1,
      x: x => margin.left + (x - x0) / (x1 - x0) * plotWidth,
      y: options.logY
        ? y => margin.top + (1 - (Math.log(y) - Math.log(y0)) / (Math.log(y1) - Math.log(y0))) * plotHeight
        : y => margin.top + (1 - (y - y0) / (y1 - y0)) * plotHeight
    };
  }

  function chartAxes(root, scale, width, height, options) {
    const {margin, plotWidth, plotHeight} = scale;
    const grid = svg('g', {class: 'grid'}, root), axis = svg('g', {class: 'axis'}, root);
    let xTicks = linearTicks(scale.x0, scale.x1, 8);
    if (options.integerX) xTicks = xTicks.filter(t => Number.isInteger(t));
    for (const t of xTicks) {
      svg('line', {x1: scale.x(t), x2: scale.x(t), y1: margin.top, y2: margin.top + plotHeight}, grid);
      svg('text', {x: scale.x(t), y: height - margin.bottom + 15, 'text-anchor': 'middle'}, axis).textContent = format(t);
    }
    for (const t of (options.logY ? logTicks(scale.y0, scale.y1) : linearTicks(scale.y0, scale.y1, 6))) {
      svg('line', {x1: margin.left, x2: margin.left + plotWidth, y1: scale.y(t), y2: scale.y(t)}, grid);
      svg('text', {x: margin.left - 6, y: scale.y(t) + 4, 'text-anchor': 'end'}, axis).textContent = format(t);
    }
    svg('rect', {x: margin.left, y: margin.top, width: plotWidth, height: plotHeight, fill: 'none', stroke: '#98a2b3'}, axis);
    svg('text', {x: margin.left + plotWidth / 2, y: height - 6, 'text-anchor': 'middle'}, axis).textContent = options.xLabel || '';
    const yLabel = svg('text', {x: 0, y: 0, 'text-anchor': 'middle',
      transform: 'translate(14,' + (margin.top + plotHeight / 2) + ') rotate(-90)'}, axis);
    yLabel.textContent = (options.yLabel || '') + (options.logY ? ' (log scale)' : '');
  }

  // Hovering shows the nearest drawn point (within 20 px): series, x and y.
  function chartTooltip(container, root, drawn, legend, options) {
    const tip = document.createElement('div');
    tip.className = 'tooltip';
    container.appendChild(tip);
    root.addEventListener('mousemove', event => {
      const box = root.getBoundingClientRect();
      const mx = event.clientX - box.left, my = event.clientY - box.top;
      let best = null, bestDistance = 400;
      for (const d of drawn) {
        const distance = (d.sx - mx) ** 2 + (d.sy - my) ** 2;
        if (distance < bestDistance) { best = d; bestDistance = distance; }
      }
      if (!best) { tip.style.display = 'none'; return; }
      tip.textContent = best.series.name + ': ' + (options.xLabel || 'x') + ' ' + format(best.x) + ', ' + format(best.y);
      tip.style.display = 'block';
      tip.style.left = (best.sx + 12) + 'px';
      tip.style.top = (best.sy + (legend.parentNode ? legend.offsetHeight : 0) - 8) + 'px';
    });
    root.addEventListener('mouseleave', () => { tip.style.display = 'none'; });
  }

  // --- training loss ------------------------------------------------------------------------------
  function lossSeries(quantity, xMode) {
    const single = DATA.runs.length === 1;
    const series = [];
    DATA.runs.forEach(run => {
      const columns = run.loss;
      const blocks = [...new Set(columns.block)];
      blocks.forEach((block, k) => {
        const points = [];
        for (let i = 0; i < columns.block.length; i++) {
          if (columns.block[i] !== block) continue;
          const x = xMode === 'global' ? (block - 1) * run.stepsPerBlock + columns.step[i] : columns.step[i];
          points.push([x, columns[quantity][i]]);
        }
        const blockName = 'block ' + block + (block === run.blocks ? ' (free)' : '');
        series.push({
          name: single ? blockName : run.name + ' · ' + blockName,
          group: single ? blockName : run.name,
          color: single ? BLOCK_COLORS[k % BLOCK_COLORS.length] : run.color,
          dash: single || xMode === 'global' ? '' : DASHES[k % DASHES.length],
          points
        });
      });
    });
    return series;
  }

  function drawLoss() {
    const target = document.getElementById('loss-chart');
    if (!target) return;
    const quantity = document.getElementById('loss-quantity').value;
    const xMode = document.getElementById('loss-x').value;
    const options = drawLoss.options || (drawLoss.options = {hidden: new Set()});
    options.logY = document.getElementById('loss-log').checked;
    options.xLabel = xMode === 'global' ? 'optimiser step of the run' : 'step within the block';
    options.yLabel = {loss: 'loss (mean over the logging interval)', learningRate: 'learning rate',
      gradientNorm: 'gradient norm ‖g‖'}[quantity];
    lineChart(target, lossSeries(quantity, xMode), options);
  }

  // --- per-block diagnostics ------------------------------------------------------------------------
  function drawDiagnostics() {
    const target = document.getElementById('diagnostics-chart');
    if (!target) return;
    const quantity = document.getElementById('diagnostics-quantity').value;
    const series = [];
    DATA.runs.forEach((run, r) => {
      const sources = [['train', 'training pool', ''], ['eval', 'held-out points (eval)', '6 3']];
      for (const [source, label, dash] of sources) {
        const values = (run.diagnostics[source] || {})[quantity];
        if (!values || values.length === 0) continue;
        const color = DATA.runs.length === 1 ? BLOCK_COLORS[source === 'train' ? 0 : 1] : run.color;
        series.push({
          name: run.name + ' · ' + label, group: DATA.runs.length === 1 ? label : run.name, color, dash, marker: true,
          points: values.map((v, i) => [i + 1, v])
        });
      }
    });
    const options = drawDiagnostics.options || (drawDiagnostics.options = {hidden: new Set()});
    options.logY = document.getElementById('diagnostics-log').checked;
    options.integerX = true;
    options.xLabel = 'block n';
    options.yLabel = quantity === 'step' ? 'energy distance p(n−1) → p(n)' : 'energy distance p(n) to N(0, I)';
    lineChart(target, series, options);
  }

  // --- sample figures -----------------------------------------------------------------------------
  // Density: counts (row j from the bottom, values 0..255 relative to the panel's largest bin) drawn
  // white → dark blue on a square root scale; points: dots on white.
  function drawPanel(canvas, panel, extent, bins, mode) {
    const size = canvas.width, context = canvas.getContext('2d');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size, size);
    if (mode === 'points' && panel.points) {
      context.fillStyle = 'rgba(31, 64, 140, 0.45)';
      const [xMin, xMax, yMin, yMax] = extent;
      for (let i = 0; i + 1 < panel.points.length; i += 2) {
        const x = (panel.points[i] - xMin) / (xMax - xMin) * size, y = (1 - (panel.points[i + 1] - yMin) / (yMax - yMin)) * size;
        context.fillRect(x - 0.8, y - 0.8, 1.6, 1.6);
      }
      return;
    }
    const image = context.createImageData(bins, bins);
    for (let j = 0; j < bins; j++) {
      for (let i = 0; i < bins; i++) {
        const level = Math.sqrt(panel.counts[j * bins + i] / 255);
        const o = ((bins - 1 - j) * bins + i) * 4;
        image.data[o] = Math.round(255 - level * 235);
        image.data[o + 1] = Math.round(255 - level * 200);
        image.data[o + 2] = Math.round(255 - level * 115);
        image.data[o + 3] = 255;
      }
    }
    const scratch = document.createElement('canvas');
    scratch.width = scratch.height = bins;
    scratch.getContext('2d').putImageData(image, 0, 0);
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = 'high';
    context.drawImage(scratch, 0, 0, size, size);
  }

  function panelRow(container, panels, extent, bins, size, mode) {
    const row = document.createElement('div');
    row.className = 'figures';
    for (const panel of panels) {
      const figure = document.createElement('div');
      figure.className = 'figure';
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = size;
      canvas.setAttribute('aria-label', panel.title);
      drawPanel(canvas, panel, extent, bins, mode);
      const caption = document.createElement('div');
      caption.className = 'caption';
      caption.textContent = panel.title;
      figure.append(canvas, caption);
      row.appendChild(figure);
    }
    container.appendChild(row);
  }

  const FIGURES = {
    plane(container, figure) {
      const controls = document.createElement('div');
      controls.className = 'controls';
      const select = document.createElement('select');
      select.innerHTML = '<option value="density">density (2D histogram)</option><option value="points">points (scatter)</option>';
      controls.append('show as ', select);
      const body = document.createElement('div');
      container.append(controls, body);
      const draw = () => {
        body.innerHTML = '';
        panelRow(body, figure.panels, figure.extent, figure.bins, 300, select.value);
        const note = document.createElement('p');
        note.className = 'note';
        note.textContent = figure.note;
        body.appendChild(note);
        if (figure.snapshots && figure.snapshots.panels.length) {
          const heading = document.createElement('h3');
          heading.textContent = 'The training pool after each block (data → noise)';
          body.appendChild(heading);
          panelRow(body, figure.snapshots.panels, figure.snapshots.extent, figure.snapshots.bins, 170, select.value);
        }
      };
      select.addEventListener('change', draw);
      draw();
    }
  };

  function drawFigures() {
    DATA.runs.forEach((run, r) => {
      const container = document.getElementById('figure-' + r);
      if (!container || !run.figure) return;
      const draw = FIGURES[run.figure.kind];
      if (draw) draw(container, run.figure);
      else container.textContent = 'This page cannot draw figures of kind "' + run.figure.kind + '".';
    });
  }

  for (const id of ['loss-log', 'loss-x', 'loss-quantity']) {
    const control = document.getElementById(id);
    if (control) control.addEventListener('change', drawLoss);
  }
  for (const id of ['diagnostics-log', 'diagnostics-quantity']) {
    const control = document.getElementById(id);
    if (control) control.addEventListener('change', drawDiagnostics);
  }
  drawLoss();
  drawDiagnostics();
  drawFigures();
  document.body.setAttribute('data-rendered', 'true');
})();
