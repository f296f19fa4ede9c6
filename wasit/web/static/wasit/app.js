// Progressive enhancement only: every page works without this file.
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.dataset.autosubmit !== undefined) {
    target.form?.submit();
  }
});
document.documentElement.classList.add("js");

// The scoring form: a slider beside each 0-to-1 number (the number stays the
// field that is sent), and the scores in plain words as they are being set.
// Text goes in with textContent only: option titles are user input.
function enhanceScores(form) {
  const units = [...form.querySelectorAll("input.unit")];
  for (const number of units) {
    const slider = document.createElement("input");
    slider.type = "range";
    slider.min = "0";
    slider.max = "1";
    slider.step = "0.01";
    slider.value = number.value || "0";
    slider.className = "unit-slider";
    const label = form.querySelector(`label[for="${number.id}"]`);
    slider.setAttribute("aria-label", label ? label.textContent.trim() : number.name);
    slider.dataset.for = number.id;
    slider.addEventListener("input", () => {
      number.value = slider.value;
      number.dispatchEvent(new Event("input", { bubbles: true }));
    });
    number.addEventListener("input", () => {
      if (number.value !== "" && !Number.isNaN(Number(number.value))) slider.value = number.value;
    });
    number.after(slider);
  }
  const preview = form.querySelector(".live-preview");
  if (!preview) return;
  const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");
  const render = () => {
    const issues = [...form.querySelectorAll("fieldset")].map((fieldset) => {
      const weight = fieldset.querySelector("input[name^='w-']");
      const options = [...fieldset.querySelectorAll("input[name^='v-']")]
        .filter((input) => input.value !== "" && !Number.isNaN(Number(input.value)))
        .map((input) => ({
          title: form.querySelector(`label[for="${input.id}"]`)?.textContent.trim() ?? input.name,
          value: Number(input.value),
        }))
        .sort((a, b) => b.value - a.value);
      return {
        title: fieldset.querySelector("legend")?.textContent.trim() ?? "",
        weight: Math.max(0, Number(weight?.value) || 0),
        options,
      };
    });
    const total = issues.reduce((sum, issue) => sum + issue.weight, 0);
    const list = preview.querySelector("ul");
    list.replaceChildren();
    issues.sort((a, b) => b.weight - a.weight);
    for (const issue of issues) {
      const item = document.createElement("li");
      const title = document.createElement("strong");
      title.dir = "auto";
      title.textContent = issue.title;
      const percent = total > 0 ? Math.round((100 * issue.weight) / total) : 0;
      item.append(title, ` · ${fill(form.dataset.weight, { percent })}`);
      const pairs = document.createElement("ul");
      for (let i = 0; i + 1 < issue.options.length; i += 1) {
        const [better, worse] = [issue.options[i], issue.options[i + 1]];
        const same = Math.abs(better.value - worse.value) < 1e-9;
        const sentence = document.createElement("li");
        sentence.textContent = fill(same ? form.dataset.equal : form.dataset.prefer,
          { better: better.title, worse: worse.title });
        pairs.append(sentence);
      }
      item.append(pairs);
      list.append(item);
    }
    preview.hidden = false;
  };
  form.addEventListener("input", render);
  render();
}
document.querySelectorAll("form.scores-form").forEach(enhanceScores);
