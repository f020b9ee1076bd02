// /init: what the model is asked to write. Our own wording of the task Codex's
// /init gives: a contributor guide for agents, AGENTS.md at the project root.
export const INIT_PROMPT = `Write an AGENTS.md file at the root of this repository: a short guide for coding agents (and people) who will work here.

Look through the repository first, then cover, in Markdown with a heading per topic and concise bullet points:
- how the project is laid out (where the source, tests and assets live);
- the commands that build it, test it and run it locally, exactly as they are used here;
- coding style and naming conventions, and any formatter or linter in use;
- how tests are written and run, and what they must cover;
- commit message and pull request conventions, as the history shows them;
- anything else an agent must know before changing code here (configuration, secrets to avoid, generated files not to edit).

Keep it specific to this repository, between 200 and 400 words; leave out anything generic.`;
