// Driving a <psjobs-console> as a person does: type into "PowerShell input", press keys,
// read the "Console output" log and the "Jobs" table.

/** Waits until the console on the page (or the one `selector` names) has its session. */
export async function ready(page, selector = 'psjobs-console') {
  await page.locator(selector).evaluate((el) => el.ready);
  await page.waitForFunction((s) => !document.querySelector(s).shadowRoot.querySelector('.input-row').hidden, selector);
}

/** Types a line, presses Enter, and waits until the command is done. */
export async function enter(page, line, selector = 'psjobs-console') {
  const input = page.locator(selector).getByRole('textbox', { name: 'PowerShell input' });
  await input.fill(line);
  await input.press('Enter');
  await idle(page, selector);
}

export async function idle(page, selector = 'psjobs-console') {
  await page.waitForFunction((s) => !document.querySelector(s).hasAttribute('busy'), selector);
}

export async function logText(page, selector = 'psjobs-console') {
  return page.locator(selector).getByRole('log', { name: 'Console output' }).textContent();
}

/** The jobs panel's rows: { id, name, type, state, hasMoreData, location, results }. */
export async function jobRows(page, selector = 'psjobs-console') {
  return page.locator(selector).evaluate((el) => {
    const rows = [...el.shadowRoot.querySelectorAll('table.jobs tbody tr:not(.results)')];
    return rows.map((tr) => {
      const cells = [...tr.children].map((c) => c.textContent);
      return {
        id: Number(cells[0]), name: cells[1], type: cells[2], state: cells[3],
        hasMoreData: cells[4], location: cells[5],
        results: tr.nextElementSibling.textContent,
        taken: tr.nextElementSibling.querySelectorAll('.item.taken').length,
        waiting: tr.nextElementSibling.querySelectorAll('.item.waiting').length,
      };
    });
  });
}

/** The classes of the log's spans whose text matches. */
export async function classesOf(page, pattern, selector = 'psjobs-console') {
  return page.locator(selector).evaluate((el, source) => {
    const re = new RegExp(source);
    return [...el.shadowRoot.querySelectorAll('.log span')].filter((s) => re.test(s.textContent)).map((s) => s.className);
  }, pattern.source);
}

export async function shadowText(page, css, selector = 'psjobs-console') {
  return page.locator(selector).evaluate((el, c) => el.shadowRoot.querySelector(c).textContent, css);
}
