// Small behaviours that need script. No inline handlers: CSP allows only files from this site.
document.addEventListener("DOMContentLoaded", () => {
  // Copy buttons (e.g. a new API token shown once).
  document.querySelectorAll("[data-copy-target]").forEach((button) => {
    button.addEventListener("click", () => {
      const target = document.getElementById(button.dataset.copyTarget);
      if (target && navigator.clipboard) {
        navigator.clipboard.writeText(target.textContent.trim());
        button.textContent = button.dataset.copiedLabel || "Copied";
      }
    });
  });
});
