// Keeps a campaign's progress panel current: the server sends the panel's HTML (rendered and escaped by Pave) as a
// "progress" event whenever it changes, and "end" once the campaign is over.
(function () {
  const panel = document.getElementById('campaign-progress');
  if (!panel || panel.dataset.streaming) return;
  panel.dataset.streaming = 'true';
  const source = new EventSource(panel.dataset.events);
  source.addEventListener('progress', (e) => {
    if (!document.body.contains(panel)) { source.close(); return; }
    panel.innerHTML = e.data;
  });
  source.addEventListener('end', (e) => {
    source.close();
    panel.dataset.finished = e.data;
  });
  source.onerror = () => { if (!document.body.contains(panel)) source.close(); };
})();
