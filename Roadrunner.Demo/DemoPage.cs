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
          <p>Status: <span id="ws-status" class="off">connecting…</span></p>
          <form id="ws-form"><input id="ws-input" value="hello" autocomplete="off"> <button>send</button></form>
          <div id="log"></div>
        </section>

        <section>
          <h2>Endpoints</h2>
          <ul>
            <li><a href="/hello">/hello</a> — plain text</li>
            <li><a href="/json">/json</a> — JSON</li>
            <li><a href="/large">/large</a> — 64 KiB</li>
            <li><a href="/stream">/stream</a> — chunked, with a trailer</li>
            <li><a href="/sse">/sse</a> — event stream</li>
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
        let ws;
        try {
          ws = new WebSocket(scheme + '//' + location.host + '/ws');
          ws.onopen = () => { status.textContent = 'open'; status.className = 'ok'; };
          ws.onclose = () => { status.textContent = 'closed (not available in this build?)'; status.className = 'off'; };
          ws.onmessage = e => { log.textContent += 'echo: ' + e.data + '\n'; };
        } catch (e) { status.textContent = 'unavailable'; }
        document.getElementById('ws-form').onsubmit = ev => {
          ev.preventDefault();
          const text = document.getElementById('ws-input').value;
          if (ws && ws.readyState === 1) { ws.send(text); log.textContent += 'sent: ' + text + '\n'; }
        };
        </script>
        </body>
        </html>
        """;
}
