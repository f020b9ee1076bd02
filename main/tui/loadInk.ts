// Loads Ink and the view. Ink draws nothing live when it thinks it runs in CI
// (the CI variables, read once when it loads); a person who typed `codex` in a
// terminal wants the UI whatever their environment says, and the commands the
// agent runs must still see the variables, so they are hidden only while Ink loads.
const CI_VARS = (env: NodeJS.ProcessEnv) => Object.keys(env).filter((k) => k === 'CI' || k === 'CONTINUOUS_INTEGRATION' || k.startsWith('CI_'));

export async function loadInk() {
  const saved = CI_VARS(process.env).map((k) => [k, process.env[k]] as const);
  for (const [k] of saved) delete process.env[k];
  try {
    const [{ render }, { appElement, screenSizeStore }] = await Promise.all([import('ink'), import('./App.js')]);
    return { render, appElement, screenSizeStore };
  } finally {
    for (const [k, v] of saved) process.env[k] = v;
  }
}
