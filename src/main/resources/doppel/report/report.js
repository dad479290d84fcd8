(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('doppel-data').textContent);
  var all = data.groups;
  var pageSize = data.pageSize;
  var chunks = {};
  var view = all.slice();
  var page = 0;
  var cur = 0;                 // the current group: an index into view, what the keys act on
  var main = document.getElementById('groups');
  var filterBox = document.getElementById('filter');
  var sortBox = document.getElementById('sort');
  var statusLine = document.getElementById('status');
  var roots = {};
  (data.datasets || []).forEach(function (d) { roots[d.name] = d.root; });

  // Review state. A group without an entry keeps what the results decided: member 0 kept, the "R" ones removed.
  // keep: position of the kept member; all: keep every member; no: not duplicates at all (a false match).
  var edits = {};
  var history = [];            // {g: group index, prev: its entry before the edit (undefined: none)}
  var seen = {};               // groups the reviewer went through (current group, or an edit)
  var KEPT_AS_FOUND = { keep: 0, all: false, no: false };

  all.forEach(function (g, i) {
    g.i = i;
    g.text = g.m.map(function (m) { return m.k; }).join('\n').toLowerCase();
    if (!g.pr) g.pr = [];
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
    if (n < 1073741824) return (n / 1048576).toFixed(1) + ' MB';
    return (n / 1073741824).toFixed(2) + ' GB';
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

  function button(text, title, onClick) {
    var b = el('button', null, text);
    b.type = 'button';
    if (title) b.title = title;
    b.addEventListener('click', onClick);
    return b;
  }

  // --- decisions -------------------------------------------------------------------------------------------

  function decision(g) { return edits[g.i] || KEPT_AS_FOUND; }

  function pairOf(g, a, b) {
    for (var n = 0; n < g.pr.length; n++) {
      var p = g.pr[n];
      if ((p[0] === a && p[1] === b) || (p[0] === b && p[1] === a)) return p;
    }
    return null;
  }

  function pairScore(g, a, b) {
    var p = pairOf(g, a, b);
    return p ? p[2] : null;
  }

  // Score of member j against the member kept now.
  function scoreToKept(g, j) {
    var d = decision(g);
    return d.keep === 0 ? g.m[j].sc : pairScore(g, d.keep, j);
  }

  // Positions of the members to remove. Keeping another member removes only what was to go (the old kept image
  // included) and has a direct pair with the new one: a removed file always has a close match that stays.
  function removedOf(g) {
    var d = decision(g);
    var out = [];
    if (d.all || d.no) return out;
    g.m.forEach(function (m, j) {
      if (d.keep === 0) {
        if (m.b === 'R') out.push(j);
      } else if (j !== d.keep && (m.b === 'R' || m.b === 'KEPT') && pairScore(g, d.keep, j) !== null) {
        out.push(j);
      }
    });
    return out;
  }

  function edit(g, next) {
    history.push({ g: g.i, prev: edits[g.i] });
    account(g, -1);
    if (next.keep === 0 && !next.all && !next.no) delete edits[g.i]; else edits[g.i] = next;
    account(g, 1);
    seen[g.i] = true;
    refresh(g);
  }

  function keepMember(g, j) { edit(g, { keep: j, all: false, no: false }); }
  function keepAll(g) { edit(g, { keep: decision(g).keep, all: true, no: false }); }
  function falseMatch(g) { edit(g, { keep: decision(g).keep, all: false, no: true }); }

  function undo() {
    var h = history.pop();
    if (!h) return;
    account(all[h.g], -1);
    if (h.prev === undefined) delete edits[h.g]; else edits[h.g] = h.prev;
    account(all[h.g], 1);
    refresh(all[h.g]);
  }

  // Re-draws one group in place and the summary.
  function refresh(g) {
    var old = main.querySelector('section.group[data-group="' + g.i + '"]');
    if (old) {
      var sec = groupSection(g);
      if (old.classList.contains('current')) sec.classList.add('current');
      old.replaceWith(sec);
    }
    summary();
  }

  // --- drawing ---------------------------------------------------------------------------------------------

  function member(g, j, removed) {
    var m = g.m[j];
    var d = decision(g);
    var isKept = j === d.keep;
    var goes = removed.indexOf(j) >= 0;
    var fig = el('figure', isKept ? 'kept' : (goes ? 'remove' : ''));
    fig.dataset.key = m.k;
    var box = el('div', 'thumb');
    if (m.t !== undefined) {
      var img = new Image();
      img.alt = m.k;
      img.src = thumb(m.t, m.k);
      img.title = 'Compare with the kept image';
      img.addEventListener('click', function () { openCompare(g, isKept ? null : j); });
      box.appendChild(img);
    } else {
      var ph = el('div', 'placeholder ' + m.x, m.x);
      ph.title = m.why || '';
      box.appendChild(ph);
    }
    fig.appendChild(box);
    var cap = el('figcaption');
    var line = el('div');
    var badge = isKept ? 'KEPT' : goes ? data.removeBadge : d.no ? 'NOT A DUPLICATE' : (d.all || m.b) ? 'KEPT' : '';
    if (badge) line.appendChild(el('span', 'badge ' + (badge === data.removeBadge ? badge : badge === 'KEPT' ? 'KEPT' : 'NO'), badge));
    if (m.side) line.appendChild(el('span', 'side', m.side));
    if (!isKept || d.all || d.no) {
      var k = button('Keep this' + (j < 9 ? ' (' + (j + 1) + ')' : ''), 'Keep this image; remove its direct matches',
        function () { keepMember(g, j); });
      k.className = 'keep-this';
      line.appendChild(k);
    }
    cap.appendChild(line);
    cap.appendChild(el('div', 'path', m.p));
    var res = m.w > 0 ? m.w + '\u00d7' + m.h : 'size unknown';
    cap.appendChild(el('div', 'meta', m.d + ' \u00b7 ' + res + ' \u00b7 ' + bytes(m.s)));
    var s = isKept ? 'kept image' : (score(scoreToKept(g, j)) ? score(scoreToKept(g, j)) + ' to kept'
      : d.keep === 0 ? 'linked through other members' : 'no direct match with the kept image');
    cap.appendChild(el('div', 'meta score', s));
    fig.appendChild(cap);
    return fig;
  }

  function groupSection(g) {
    var d = decision(g);
    var removed = removedOf(g);
    var sec = el('section', 'group' + (edits[g.i] ? ' edited' : '') + (d.no ? ' false-match' : ''));
    sec.dataset.group = g.i;
    var head = el('h2');
    head.appendChild(el('span', null, 'Group ' + (g.i + 1) + ' \u00b7 ' + g.m.length + ' images \u00b7 '
      + (removed.length ? removed.length + ' to remove' : 'nothing to remove')
      + (d.no ? ' \u00b7 marked as a false match' : d.all ? ' \u00b7 keeping all' : edits[g.i] ? ' \u00b7 edited' : '')));
    var tools = el('span', 'tools');
    tools.appendChild(button('Keep all (a)', 'Keep every image of this group', function () { keepAll(g); }));
    tools.appendChild(button('False match (x)', 'These are not duplicates: keep all and label the pairs as wrong',
      function () { falseMatch(g); }));
    if (g.m.length > 1) tools.appendChild(button('Compare (c)', 'Large side-by-side view', function () { openCompare(g, null); }));
    head.appendChild(tools);
    sec.appendChild(head);
    sec.addEventListener('click', function () { setCurrent(view.indexOf(g), false); });
    var row = el('div', 'row');
    g.m.forEach(function (m, j) { row.appendChild(member(g, j, removed)); });
    sec.appendChild(row);
    return sec;
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
    view.slice(page * pageSize, (page + 1) * pageSize).forEach(function (g, n) {
      var sec = groupSection(g);
      if (page * pageSize + n === cur) sec.classList.add('current');
      frag.appendChild(sec);
    });
    main.appendChild(frag);
    document.getElementById('pageinfo').textContent = 'page ' + (page + 1) + ' of ' + pages;
    document.getElementById('count').textContent = view.length + (view.length === all.length ? '' : ' of ' + all.length) + ' groups';
    document.getElementById('first').disabled = document.getElementById('prev').disabled = page === 0;
    document.getElementById('last').disabled = document.getElementById('next').disabled = page >= pages - 1;
  }

  // Groups, files and bytes to remove per dataset, as the decisions stand: counted once, then kept up to date
  // group by group as decisions change, so an edit costs the same with 50 or 50,000 groups.
  var counts = { all: { groups: 0, files: 0, bytes: 0 } };
  var countOrder = [];
  function countsOf(name) {
    if (!counts[name]) { counts[name] = { groups: 0, files: 0, bytes: 0 }; countOrder.push(name); }
    return counts[name];
  }
  (data.datasets || []).forEach(function (d) { countsOf(d.name); });

  function account(g, sign) {
    removedOf(g).forEach(function (j) {
      var m = g.m[j];
      countsOf(m.d).files += sign;
      countsOf(m.d).bytes += sign * m.s;
      counts.all.files += sign;
      counts.all.bytes += sign * m.s;
    });
  }

  all.forEach(function (g) {
    var touched = {};
    g.m.forEach(function (m) { touched[m.d] = true; });
    Object.keys(touched).forEach(function (n) { countsOf(n).groups++; });
    counts.all.groups++;
    account(g, 1);
  });

  function summary() {
    var images = {};
    (data.datasets || []).forEach(function (d) { images[d.name] = d.images; });
    var box = document.getElementById('review-summary');
    var table = el('table', 'per-dataset');
    var head = el('tr');
    ['dataset', 'images', 'groups', 'files to remove', 'bytes to remove'].forEach(function (h) { head.appendChild(el('th', null, h)); });
    table.appendChild(head);
    function line(name, imgs, r) {
      var tr = el('tr');
      [name, imgs === undefined || imgs < 0 ? '' : imgs.toLocaleString('en'), r.groups.toLocaleString('en'),
        r.files.toLocaleString('en'), bytes(r.bytes)].forEach(function (v) { tr.appendChild(el('td', null, v)); });
      table.appendChild(tr);
      return tr;
    }
    countOrder.forEach(function (n) { line(n, images[n], counts[n]); });
    var known = (data.datasets || []).every(function (d) { return d.images >= 0; });
    var sum = (data.datasets || []).reduce(function (a, d) { return a + d.images; }, 0);
    line('all', known ? sum : undefined, counts.all).className = 'total';
    var edited = Object.keys(edits).length;
    box.textContent = '';
    box.appendChild(el('p', 'review-line', 'Review: ' + counts.all.files.toLocaleString('en') + ' files ('
      + bytes(counts.all.bytes) + ') to remove in ' + counts.all.groups.toLocaleString('en') + ' groups; ' + edited
      + ' group' + (edited === 1 ? '' : 's') + ' edited, ' + Object.keys(seen).length + ' reviewed.'));
    box.appendChild(table);
    document.getElementById('undo').disabled = history.length === 0;
  }

  // --- going through the groups ----------------------------------------------------------------------------

  function setCurrent(n, scroll) {
    if (view.length === 0) return;
    cur = Math.max(0, Math.min(view.length - 1, n));
    seen[view[cur].i] = true;
    var p = Math.floor(cur / pageSize);
    if (p !== page) { page = p; render(); }
    var secs = main.querySelectorAll('section.group');
    for (var s = 0; s < secs.length; s++) secs[s].classList.toggle('current', page * pageSize + s === cur);
    var now = main.querySelector('section.group.current');
    if (scroll && now) now.scrollIntoView({ block: 'nearest' });
    summary();
  }

  function current() { return view.length ? view[cur] : null; }

  // --- the large comparison ---------------------------------------------------------------------------------

  // A file:// address of a member's original, so the comparison shows full resolution without copying it into
  // the page; the preview stands in when the browser cannot load the file.
  function fileUrl(m) {
    var root = roots[m.d];
    if (!root) return null;
    var full = (root.replace(/\\/g, '/').replace(/\/$/, '') + '/' + m.p);
    if (full.charAt(0) !== '/') full = '/' + full;
    return 'file://' + full.split('/').map(function (s) {
      return /^[A-Za-z]:$/.test(s) ? s : encodeURIComponent(s);
    }).join('/');
  }

  var cmp = null;              // {g, right, mode, timer}
  var MODES = ['side', 'flicker', 'difference'];
  var overlay = el('div', 'compare');
  overlay.id = 'compare';
  overlay.setAttribute('role', 'dialog');
  overlay.setAttribute('aria-label', 'Compare two images');
  overlay.hidden = true;
  document.body.appendChild(overlay);

  function picture(m) {
    var img = new Image();
    img.alt = m.k;
    var fallback = m.t !== undefined ? thumb(m.t, m.k) : '';
    var url = fileUrl(m);
    img.onerror = function () { if (img.src !== fallback && fallback) img.src = fallback; };
    img.src = url || fallback;
    return img;
  }

  function openCompare(g, right) {
    var d = decision(g);
    if (right === null || right === undefined || right === d.keep) {
      right = g.m.findIndex(function (m, j) { return j !== d.keep; });
    }
    if (right < 0) return;
    cmp = { g: g, right: right, mode: cmp ? cmp.mode : 'side', timer: null };
    drawCompare();
  }

  function closeCompare() {
    if (cmp && cmp.timer) clearInterval(cmp.timer);
    cmp = null;
    overlay.hidden = true;
    overlay.textContent = '';
  }

  function drawCompare() {
    if (cmp.timer) { clearInterval(cmp.timer); cmp.timer = null; }
    var g = cmp.g;
    var left = g.m[decision(g).keep];
    var right = g.m[cmp.right];
    overlay.textContent = '';
    overlay.hidden = false;
    var bar = el('div', 'bar');
    bar.appendChild(el('strong', null, 'Group ' + (g.i + 1)));
    MODES.forEach(function (mode) {
      var b = button(mode === 'side' ? 'Side by side' : mode === 'flicker' ? 'Flicker' : 'Difference', 'm: next view',
        function () { cmp.mode = mode; drawCompare(); });
      b.setAttribute('aria-pressed', String(cmp.mode === mode));
      bar.appendChild(b);
    });
    if (g.m.length > 2) {
      bar.appendChild(button('\u2190', 'Previous member', function () { stepCompare(-1); }));
      bar.appendChild(button('\u2192', 'Next member', function () { stepCompare(1); }));
    }
    bar.appendChild(button('Close (Esc)', null, closeCompare));
    overlay.appendChild(bar);
    var s = score(scoreToKept(g, cmp.right));
    var stage = el('div', 'stage ' + cmp.mode);
    var a = picture(left);
    var b = picture(right);
    if (cmp.mode === 'side') {
      [[left, a, 'kept'], [right, b, s ? s + ' to kept' : 'no direct match with the kept image']].forEach(function (x) {
        var pane = el('figure', 'pane');
        pane.appendChild(x[1]);
        var res = x[0].w > 0 ? x[0].w + '\u00d7' + x[0].h : 'size unknown';
        pane.appendChild(el('figcaption', null, x[0].k + ' \u00b7 ' + res + ' \u00b7 ' + bytes(x[0].s) + ' \u00b7 ' + x[2]));
        stage.appendChild(pane);
      });
    } else {
      // Stacked at the same size so that a resized copy lines up with the kept image.
      var w = left.w > 0 ? left.w : 4;
      var h = left.h > 0 ? left.h : 3;
      var fit = Math.min(window.innerWidth * 0.9 / w, window.innerHeight * 0.72 / h);
      var box = el('div', 'stack');
      box.style.width = Math.round(w * fit) + 'px';
      box.style.height = Math.round(h * fit) + 'px';
      box.appendChild(a);
      box.appendChild(b);
      b.className = 'top';
      stage.appendChild(box);
      var label = el('p', 'caption');
      stage.appendChild(label);
      if (cmp.mode === 'flicker') {
        var showRight = true;
        var flip = function () {
          b.style.visibility = showRight ? 'visible' : 'hidden';
          label.textContent = (showRight ? right.k + (s ? ' (' + s + ' to kept)' : '') : left.k + ' (kept)');
          showRight = !showRight;
        };
        flip();
        cmp.timer = setInterval(flip, 600);
      } else {
        label.textContent = 'Difference of ' + left.k + ' (kept) and ' + right.k + ': black where they agree';
      }
    }
    overlay.appendChild(stage);
  }

  function stepCompare(step) {
    var g = cmp.g;
    var keep = decision(g).keep;
    var j = cmp.right;
    do { j = (j + step + g.m.length) % g.m.length; } while (j === keep);
    cmp.right = j;
    drawCompare();
  }

  // --- export ----------------------------------------------------------------------------------------------

  function download(name, text) {
    var a = el('a');
    a.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 60000);
  }

  // What proves removed member j a duplicate of kept member k, as find --plan-out writes it: a pair verified
  // geometrically beyond the threshold carries its evidence (the share of j that k shows, which of them was verified
  // over white); apply verifies the files again. Any other pair is proven by its fingerprints.
  function proveLine(line, g, j, k) {
    var p = pairOf(g, j, k);
    var e = p && p[3];
    if (!e) { line.proof = 'fingerprint'; return; }
    line.proof = 'verified';
    line.evidence = { inliers: e.inliers, matches: e.matches, scale: e.scale, angle: e.angle, flip: e.flip };
    if (e.covered) line.evidence.covered = e.covered[p[0] === j ? 0 : 1];
    if (e.over_white) {
      // which of the two apply must composite onto white again (RemovalProof.OverWhite's plan names)
      var removedWhite = e.over_white[p[0] === j ? 0 : 1], keptWhite = e.over_white[p[0] === j ? 1 : 0];
      line.evidence.alpha = keptWhite && removedWhite ? 'kept and removed over white'
        : keptWhite ? 'kept over white' : 'removed over white';
    }
  }

  // The decisions as a doppel-plan (version 2; every version 1 field too) for `doppel apply`.
  function exportPlan() {
    var lines = [];
    var leftOut = 0;
    all.forEach(function (g) {
      var kept = g.m[decision(g).keep];
      removedOf(g).forEach(function (j) {
        var m = g.m[j];
        if (!m.sha || !kept.sha || !roots[m.d]) { leftOut++; return; }
        var line = { dataset: m.d, root: roots[m.d], path: m.p, size: m.fs, mtime: m.mt, sha256: m.sha, group: g.i,
          kept: kept.k, kept_size: kept.fs, kept_sha256: kept.sha };
        var s = scoreToKept(g, j);
        if (s !== null && s !== undefined) line.score = s;
        proveLine(line, g, j, decision(g).keep);
        lines.push(JSON.stringify(line));
      });
    });
    var header = { format: 'doppel-plan', version: 2, action: 'remove', keep: data.keep, encoder: data.encoder,
      threshold: data.threshold, cross_only: !!data.crossOnly,
      datasets: (data.datasets || []).map(function (d) { return { name: d.name, root: d.root }; }),
      files: lines.length, made_by: 'doppel report', edited_groups: Object.keys(edits).length };
    download('doppel-plan.jsonl', [JSON.stringify(header)].concat(lines).join('\n') + '\n');
    statusLine.textContent = 'Plan exported: ' + lines.length + ' files to remove'
      + (leftOut ? '; ' + leftOut + ' left out (file or its kept image not at its place when the page was made)' : '')
      + '. Run: doppel apply doppel-plan.jsonl --move-to DIR';
  }

  // The reviewed groups as a labelled pairs file for `doppel evaluate --truth` (an imagededup-style map):
  // the pairs of reviewed groups are listed as duplicates; the images of groups marked as false matches appear
  // with no duplicates, so their pairs count as wrong.
  function exportPairs() {
    var map = {};
    var confirmed = 0;
    var rejected = 0;
    all.forEach(function (g) {
      if (!seen[g.i] && !edits[g.i]) return;
      var d = decision(g);
      g.m.forEach(function (m) { if (!map[m.k]) map[m.k] = []; });
      g.pr.forEach(function (p) {
        if (d.no) { rejected++; return; }
        map[g.m[p[0]].k].push(g.m[p[1]].k);
        confirmed++;
      });
    });
    download('doppel-labelled-pairs.json', JSON.stringify(map, null, 1) + '\n');
    statusLine.textContent = 'Labelled pairs exported: ' + confirmed + ' confirmed, ' + rejected + ' rejected.';
  }

  // --- wiring ----------------------------------------------------------------------------------------------

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
    cur = 0;
    render();
  }

  function goPage(p) { page = p; render(); cur = Math.min(view.length - 1, Math.max(0, page * pageSize)); setCurrent(cur, false); scrollTo(0, 0); }

  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target.tagName;
    if (t === 'INPUT' || t === 'SELECT' || t === 'TEXTAREA') return;
    if (cmp) {
      if (e.key === 'Escape') closeCompare();
      else if (e.key === 'm') { cmp.mode = MODES[(MODES.indexOf(cmp.mode) + 1) % MODES.length]; drawCompare(); }
      else if (e.key === 'ArrowRight') stepCompare(1);
      else if (e.key === 'ArrowLeft') stepCompare(-1);
      else if (e.key === 'u') { undo(); closeCompare(); }
      else return;
      e.preventDefault();
      return;
    }
    var g = current();
    if (e.key === 'j' || e.key === 'ArrowDown') setCurrent(cur + 1, true);
    else if (e.key === 'k' || e.key === 'ArrowUp') setCurrent(cur - 1, true);
    else if (e.key === 'u') undo();
    else if (!g) return;
    else if (e.key >= '1' && e.key <= '9' && Number(e.key) <= g.m.length) keepMember(g, Number(e.key) - 1);
    else if (e.key === 'a') keepAll(g);
    else if (e.key === 'x') falseMatch(g);
    else if (e.key === 'c') openCompare(g, null);
    else return;
    e.preventDefault();
  });

  filterBox.addEventListener('input', update);
  sortBox.addEventListener('change', update);
  document.getElementById('first').addEventListener('click', function () { goPage(0); });
  document.getElementById('prev').addEventListener('click', function () { goPage(page - 1); });
  document.getElementById('next').addEventListener('click', function () { goPage(page + 1); });
  document.getElementById('last').addEventListener('click', function () { goPage(Math.ceil(view.length / pageSize) - 1); });
  document.getElementById('undo').addEventListener('click', undo);
  document.getElementById('export-plan').addEventListener('click', exportPlan);
  document.getElementById('export-pairs').addEventListener('click', exportPairs);
  update();
  summary();
})();
