// Streams a deployment's log into <ol id="deployment-log" data-events="..."> with plain EventSource. The server resumes
// from Last-Event-ID after a dropped connection and sends "end" once the deployment is finished and its log complete.
(function () {
  const log = document.getElementById('deployment-log');
  if (!log || log.dataset.streaming) return;
  log.dataset.streaming = 'true';
  const source = new EventSource(log.dataset.events);
  source.onmessage = (e) => {
    if (!document.body.contains(log)) { source.close(); return; }
    const event = JSON.parse(e.data);
    const line = document.createElement('li');
    line.className = 'level-' + event.level.toLowerCase();
    // Pave's own lines carry their level; a command's output its stream, so stderr reads apart from stdout
    line.textContent = event.at.substring(11, 19) + '  ' + event.level.toLowerCase().padEnd(6) + '  ' + event.message;
    log.appendChild(line);
    log.scrollTop = log.scrollHeight;
  };
  source.addEventListener('end', (e) => {
    source.close();
    if (!document.body.contains(log)) return;
    log.dataset.finished = JSON.parse(e.data).status;
    const done = document.createElement('li');
    done.className = 'log-end';
    done.textContent = 'Deployment ' + log.dataset.finished;
    log.appendChild(done);
    if (window.htmx && log.dataset.active === 'true' && !log.dataset.notified) {
      log.dataset.notified = 'true';
      htmx.trigger(document.body, 'deploymentChanged');
    }
  });
  source.onerror = () => { if (!document.body.contains(log)) source.close(); };
})();
