// Copy the new partner link with one tap; select it when the clipboard is not allowed.
document.querySelectorAll("[data-copy]").forEach((button) => {
  button.addEventListener("click", async () => {
    const input = document.getElementById(button.dataset.copy);
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
    } catch (_error) {
      document.execCommand("copy");
    }
    const done = document.querySelector("[data-copied]");
    if (done) done.hidden = false;
  });
});
