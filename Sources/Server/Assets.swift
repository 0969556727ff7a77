import Hummingbird

/// The workspace's stylesheet and script, compiled into the binary: the pages need nothing from
/// the internet, and the Content-Security-Policy allows only these (no inline script or style).
enum Assets {
    static func response(for name: String) throws -> Response {
        let (type, text): (String, String)
        switch name {
        case "app.css": (type, text) = ("text/css; charset=utf-8", css)
        case "app.js": (type, text) = ("text/javascript; charset=utf-8", javascript)
        default: throw WorkspaceError(.notFound, "no such asset")
        }
        return Response(status: .ok, headers: [.contentType: type, .cacheControl: "max-age=3600"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static let css = """
    body{font:14px/1.4 "DejaVu Sans","Noto Sans CJK SC",sans-serif;margin:0;color:#1d2327;background:#fafafa}
    main{padding:0 1.5em 2em}
    nav.top{background:#1f3a5f;padding:.6em 1.5em}nav.top a{color:#fff;margin-right:1.2em;text-decoration:none}nav.top .brand{font-weight:bold}
    h1{font-size:1.5em}h2{font-size:1.1em;margin:1.2em 0 .4em}
    table{border-collapse:collapse;background:#fff;margin:.3em 0 1em;width:100%}th,td{border:1px solid #d5d9dd;padding:.25em .5em;text-align:left;vertical-align:top}
    th{background:#eef1f4;cursor:default}table.sortable th{cursor:pointer}th.num,td.num{text-align:right}
    tr.selected td{background:#fff3c4}tr.hidden{display:none}
    input.filter{margin:.3em 0;padding:.25em .4em;width:20em}
    .note{color:#5b6670}.warning{background:#fde8e8;border:1px solid #e0a0a0;padding:.5em}.error{font-weight:bold}.flash{background:#e6f4ea;border:1px solid #9cc9a8;padding:.5em}
    .status{padding:.1em .45em;border-radius:.3em;background:#e3e7eb;font-size:.85em}.status.new{background:#dbe9ff}.status.re_emerged{background:#ffd7c2}
    .status.referred{background:#e6d9ff}.status.raided{background:#d2f0d6}.status.dismissed,.status.closed{background:#eee;color:#666}
    .badge.readonly{background:#ffcf66;color:#000;padding:.1em .4em;border-radius:.3em}
    .facets{display:flex;flex-wrap:wrap;gap:1.5em}.facet ul{list-style:none;padding:0;margin:0;max-height:12em;overflow:auto}.facet a{text-decoration:none}
    .facet a.on{font-weight:bold;text-decoration:underline}.count{color:#5b6670;font-size:.85em}
    .diagram{border:1px solid #d5d9dd;background:#fff;height:32em;overflow:hidden;position:relative;cursor:grab}.diagram img{transform-origin:0 0;max-width:none;user-select:none}
    .actions form{margin:.5em 0}.actions label{margin-right:.6em}.button{display:inline-block;background:#1f3a5f;color:#fff;padding:.35em .8em;border-radius:.3em;text-decoration:none}
    figure.photo{display:inline-block;margin:0 1em 1em 0;max-width:32em;vertical-align:top}figure.photo svg{width:100%;height:auto;border:1px solid #d5d9dd}
    rect.ocr{fill:rgba(255,200,0,.15);stroke:#e0301e;stroke-width:3}
    figure.ringmap{margin:.5em 0}figure.ringmap img{width:100%;max-width:64em;border:1px solid #d5d9dd;background:#fff}
    iframe.map{width:100%;height:40em;border:1px solid #d5d9dd;background:#fff}
    kbd{border:1px solid #aaa;border-radius:.2em;padding:0 .25em;font-size:.85em}
    """

    static let javascript = """
    'use strict';
    (function () {
      // Sortable tables: click a header; numbers sort as numbers.
      document.querySelectorAll('table.sortable').forEach(function (table) {
        table.querySelectorAll('th').forEach(function (th, column) {
          th.addEventListener('click', function () {
            var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
            var descending = th.getAttribute('aria-sort') === 'ascending';
            table.querySelectorAll('th').forEach(function (other) { other.removeAttribute('aria-sort'); });
            th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
            var numeric = th.classList.contains('num');
            rows.sort(function (a, b) {
              var x = a.cells[column] ? a.cells[column].textContent : '', y = b.cells[column] ? b.cells[column].textContent : '';
              var order = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y);
              return descending ? -order : order;
            });
            rows.forEach(function (row) { body.appendChild(row); });
          });
        });
      });
      // Search boxes: keep the rows that contain the text.
      document.querySelectorAll('input.filter').forEach(function (input) {
        input.addEventListener('input', function () {
          var table = document.getElementById(input.getAttribute('data-table')), text = input.value.toLowerCase();
          Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
            row.classList.toggle('hidden', text !== '' && row.textContent.toLowerCase().indexOf(text) < 0);
          });
        });
      });
      // The queue: j/k move, Enter opens, / searches, n/p turn the page.
      var queue = document.getElementById('queue');
      if (queue) {
        var selected = -1;
        var visible = function () { return Array.prototype.filter.call(queue.tBodies[0].rows, function (row) { return !row.classList.contains('hidden'); }); };
        var select = function (index) {
          var rows = visible();
          if (rows.length === 0) { return; }
          selected = Math.max(0, Math.min(rows.length - 1, index));
          rows.forEach(function (row, i) { row.classList.toggle('selected', i === selected); });
          rows[selected].scrollIntoView({block: 'nearest'});
        };
        document.addEventListener('keydown', function (event) {
          var tag = event.target.tagName;
          if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || event.ctrlKey || event.metaKey || event.altKey) { return; }
          if (event.key === 'j' || event.key === 'ArrowDown') { select(selected + 1); event.preventDefault(); }
          else if (event.key === 'k' || event.key === 'ArrowUp') { select(selected - 1); event.preventDefault(); }
          else if (event.key === 'Enter' && selected >= 0) { var link = visible()[selected].querySelector('a.case-link'); if (link) { link.click(); } }
          else if (event.key === '/') { var box = document.querySelector('input.filter'); if (box) { box.focus(); event.preventDefault(); } }
          else if (event.key === 'n' || event.key === 'p') { var page = document.getElementById(event.key === 'n' ? 'next-page' : 'prev-page'); if (page) { page.click(); } }
        });
      }
      // The diagram: wheel zooms about the pointer, drag pans, double-click resets.
      var frame = document.getElementById('diagram');
      if (frame) {
        var image = frame.querySelector('img'), scale = 1, x = 0, y = 0, drag = null;
        var apply = function () { image.style.transform = 'translate(' + x + 'px,' + y + 'px) scale(' + scale + ')'; };
        frame.addEventListener('wheel', function (event) {
          event.preventDefault();
          var box = frame.getBoundingClientRect(), px = event.clientX - box.left, py = event.clientY - box.top;
          var factor = event.deltaY < 0 ? 1.2 : 1 / 1.2, next = Math.max(0.1, Math.min(20, scale * factor));
          x = px - (px - x) * next / scale; y = py - (py - y) * next / scale; scale = next; apply();
        }, {passive: false});
        frame.addEventListener('mousedown', function (event) { drag = {x: event.clientX - x, y: event.clientY - y}; event.preventDefault(); });
        window.addEventListener('mousemove', function (event) { if (drag) { x = event.clientX - drag.x; y = event.clientY - drag.y; apply(); } });
        window.addEventListener('mouseup', function () { drag = null; });
        frame.addEventListener('dblclick', function () { scale = 1; x = 0; y = 0; apply(); });
      }
      // Who: remembered in this browser for the next form.
      var who = null;
      try { who = window.localStorage.getItem('ringscope.who'); } catch (e) {}
      document.querySelectorAll('input.who').forEach(function (input) {
        if (who && !input.value) { input.value = who; }
        input.addEventListener('change', function () { try { window.localStorage.setItem('ringscope.who', input.value); } catch (e) {} });
      });
    })();
    """
}
