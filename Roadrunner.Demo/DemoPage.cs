namespace Roadrunner.Demo;

/// <summary>The page at <c>GET /</c>: a live look at what the server does.</summary>
internal static class DemoPage
{
    public const string Html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Roadrunner</title>
        <link rel="stylesheet" href="/static/style.css">
        </head>
        <body>
        <h1>Roadrunner</h1>
        <p>A pure-C# HTTP server. This page is served by it; everything below talks to it live.</p>

        <section>
          <h2>Server-Sent Events clock</h2>
          <p>Time from <code>/sse</code>, one event a second: <span id="clock">waiting…</span></p>
        </section>

        <section>
          <h2>WebSocket echo</h2>
          <p>Messages to <code>/ws</code> come straight back, text as text and binary as binary. Status: <span id="ws-status" class="off">connecting…</span></p>
          <form id="ws-form"><input id="ws-input" value="hello" autocomplete="off"> <button>send text</button> <button type="button" id="ws-binary">send as bytes</button></form>
          <div id="log"></div>
          <output id="ws-selftest" hidden></output>
        </section>

        <section>
          <h2>Endpoints</h2>
          <ul>
            <li><a href="/hello">/hello</a> — plain text</li>
            <li><a href="/json">/json</a> — JSON</li>
            <li><a href="/large">/large</a> — 64 KiB</li>
            <li><a href="/stream">/stream</a> — chunked, with a trailer</li>
            <li><a href="/sse">/sse</a> — event stream</li>
            <li><code>/ws</code> — WebSocket echo (permessage-deflate accepted)</li>
            <li><a href="/static/hello.txt">/static/hello.txt</a> — a static file</li>
            <li><code>POST /echo</code> — the body back</li>
          </ul>
        </section>

        <script>
        const clock = document.getElementById('clock');
        const events = new EventSource('/sse');
        events.addEventListener('tick', e => { clock.textContent = e.data; });
        events.onerror = () => { clock.textContent = 'reconnecting…'; };

        const status = document.getElementById('ws-status');
        const log = document.getElementById('log');
        const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
        const hex = bytes => Array.from(bytes, b => b.toString(16).padStart(2, '0')).join(' ');
        const ws = new WebSocket(scheme + '//' + location.host + '/ws');
        ws.binaryType = 'arraybuffer';
        ws.onopen = () => {
          status.textContent = 'open'; status.className = 'ok';
          if (location.hash === '#ws-selftest') selfTest();
        };
        ws.onclose = e => { status.textContent = 'closed (' + e.code + ')'; status.className = 'off'; };
        ws.onmessage = e => {
          if (pending.length > 0) { pending.shift()(e.data); return; }
          log.textContent += typeof e.data === 'string'
            ? 'echo: ' + e.data + '\n'
            : 'echo: ' + e.data.byteLength + ' bytes: ' + hex(new Uint8Array(e.data)) + '\n';
        };
        document.getElementById('ws-form').onsubmit = ev => {
          ev.preventDefault();
          const text = document.getElementById('ws-input').value;
          if (ws.readyState === WebSocket.OPEN) { ws.send(text); log.textContent += 'sent: ' + text + '\n'; }
        };
        document.getElementById('ws-binary').onclick = () => {
          const bytes = new TextEncoder().encode(document.getElementById('ws-input').value);
          if (ws.readyState === WebSocket.OPEN) { ws.send(bytes); log.textContent += 'sent ' + bytes.length + ' bytes: ' + hex(bytes) + '\n'; }
        };

        // Opened as /#ws-selftest, the page checks the echo by itself and reports in #ws-selftest, the title and the console.
        const pending = [];
        const echo = data => new Promise(resolve => { pending.push(resolve); ws.send(data); });
        // The protocol the page itself came over (h3, h2 or http/1.1), as the browser reports it.
        const pageProtocol = () => (performance.getEntriesByType('navigation')[0] || {}).nextHopProtocol || 'unknown';
        async function selfTest() {
          const text = 'roadrunner \u00e9\u2713 ' + 'x'.repeat(1000);
          const bytes = new Uint8Array(70000).map((_, i) => (i * 7) & 255);
          const textBack = await echo(text);
          const bytesBack = new Uint8Array(await echo(bytes));
          const ok = textBack === text && bytesBack.length === bytes.length && bytesBack.every((b, i) => b === bytes[i]);
          const result = 'ws-selftest: ' + (ok ? 'ok' : 'failed') + ' text=' + (textBack === text) + ' binary=' + bytesBack.length
            + ' extensions=' + (ws.extensions || 'none') + ' page=' + pageProtocol();
          const out = document.getElementById('ws-selftest');
          out.textContent = result; out.hidden = false;
          document.title = result;
          console.log(result);
        }
        </script>
        </body>
        </html>
        """;
}
