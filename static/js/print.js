// Print buttons (data-print): a listener, since the CSP refuses inline onclick handlers.
document.addEventListener('click', (event) => {
  if (event.target.closest('[data-print]')) window.print();
});
