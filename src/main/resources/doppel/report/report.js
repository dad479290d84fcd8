(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('doppel-data').textContent);
  var all = data.groups;
  var pageSize = data.pageSize;
  var chunks = {};
  var view = all.slice();
  var page = 0;
  var main = document.getElementById('groups');
  var filterBox = document.getElementById('filter');
  var sortBox = document.getElementById('sort');

  all.forEach(function (g, i) {
    g.i = i;
    g.text = g.m.map(function (m) { return m.k; }).join('\n').toLowerCase();
  });

  // Previews live in separate JSON chunks; parse a chunk only when a shown member needs it.
  function thumb(chunk, key) {
    var c = chunks[chunk];
    if (!c) {
      c = JSON.parse(document.getElementById('doppel-thumbs-' + chunk).textContent);
      chunks[chunk] = c;
    }
    return c[key];
  }

  function bytes(n) {
    if (n < 1024) return n + ' B';
    if (n < 1048576) return (n / 1024).toFixed(1) + ' KB';
    return (n / 1048576).toFixed(1) + ' MB';
  }

  function score(v) {
    if (v === null || v === undefined) return null;
    return data.higherIsCloser ? 'similarity ' + v.toFixed(4) : 'distance ' + v;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function member(m) {
    var fig = el('figure', m.b === 'KEPT' ? 'kept' : (m.b ? 'remove' : ''));
    fig.dataset.key = m.k;
    var box = el('div', 'thumb');
    if (m.t !== undefined) {
      var img = new Image();
      img.alt = m.k;
      img.src = thumb(m.t, m.k);
      box.appendChild(img);
    } else {
      var ph = el('div', 'placeholder ' + m.x, m.x);
      ph.title = m.why || '';
      box.appendChild(ph);
    }
    fig.appendChild(box);
    var cap = el('figcaption');
    var line = el('div');
    if (m.b) line.appendChild(el('span', 'badge ' + (m.b === 'KEPT' ? 'KEPT' : data.removeBadge), m.b === 'KEPT' ? 'KEPT' : data.removeBadge));
    if (m.side) line.appendChild(el('span', 'side', m.side));
    cap.appendChild(line);
    cap.appendChild(el('div', 'path', m.p));
    var res = m.w > 0 ? m.w + '\u00d7' + m.h : 'size unknown';
    cap.appendChild(el('div', 'meta', m.d + ' \u00b7 ' + res + ' \u00b7 ' + bytes(m.s)));
    var s = m.b === 'KEPT' ? 'kept image' : (score(m.sc) || 'linked through other members');
    cap.appendChild(el('div', 'meta score', s));
    fig.appendChild(cap);
    return fig;
  }

  function render() {
    var pages = Math.max(1, Math.ceil(view.length / pageSize));
    if (page >= pages) page = pages - 1;
    if (page < 0) page = 0;
    main.textContent = '';
    if (view.length === 0) {
      main.appendChild(el('p', 'note', all.length === 0 ? 'No duplicates found.' : 'No group matches the filter.'));
    }
    var frag = document.createDocumentFragment();
    view.slice(page * pageSize, (page + 1) * pageSize).forEach(function (g) {
      var sec = el('section', 'group');
      sec.dataset.group = g.i;
      sec.appendChild(el('h2', null, 'Group ' + (g.i + 1) + ' \u00b7 ' + g.m.length + ' images'));
      var row = el('div', 'row');
      g.m.forEach(function (m) { row.appendChild(member(m)); });
      sec.appendChild(row);
      frag.appendChild(sec);
    });
    main.appendChild(frag);
    document.getElementById('pageinfo').textContent = 'page ' + (page + 1) + ' of ' + pages;
    document.getElementById('count').textContent = view.length + (view.length === all.length ? '' : ' of ' + all.length) + ' groups';
    document.getElementById('first').disabled = document.getElementById('prev').disabled = page === 0;
    document.getElementById('last').disabled = document.getElementById('next').disabled = page >= pages - 1;
  }

  // Groups without scores sort last whatever the direction.
  function byScore(field, closestFirst) {
    var sign = (data.higherIsCloser === closestFirst) ? -1 : 1;
    return function (a, b) {
      var x = a[field], y = b[field];
      if (x === null && y === null) return a.i - b.i;
      if (x === null) return 1;
      if (y === null) return -1;
      return sign * (x - y) || a.i - b.i;
    };
  }

  function update() {
    var q = filterBox.value.trim().toLowerCase();
    view = q ? all.filter(function (g) { return g.text.indexOf(q) >= 0; }) : all.slice();
    var s = sortBox.value;
    if (s === 'size') view.sort(function (a, b) { return b.m.length - a.m.length || a.i - b.i; });
    else if (s === 'best') view.sort(byScore('best', true));
    else if (s === 'worst') view.sort(byScore('worst', false));
    else if (s === 'path') view.sort(function (a, b) { return a.m[0].k < b.m[0].k ? -1 : a.m[0].k > b.m[0].k ? 1 : 0; });
    page = 0;
    render();
  }

  filterBox.addEventListener('input', update);
  sortBox.addEventListener('change', update);
  document.getElementById('first').addEventListener('click', function () { page = 0; render(); scrollTo(0, 0); });
  document.getElementById('prev').addEventListener('click', function () { page--; render(); scrollTo(0, 0); });
  document.getElementById('next').addEventListener('click', function () { page++; render(); scrollTo(0, 0); });
  document.getElementById('last').addEventListener('click', function () { page = 1e9; render(); scrollTo(0, 0); });
  update();
})();
