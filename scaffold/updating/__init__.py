"""Keeping generated projects current: `scaffold update`, `add`, `remove` and `set`.

- `changes`: the user-facing flows (plan, show, confirm, apply, say what needs a human).
- `assignments`: the `KEY=VALUE` answers `scaffold set` changes.
- `engine`: plans an update in a scratch clone with copier's 3-way merge and applies the patch.
- `template_cache`: the local git repository of template snapshots that updates merge against.
- `answers_file`: reads and writes `.copier-answers.yml`.
- `migrations`: brings answers recorded by an older scaffold to the current layout.
- `git`: the one git wrapper of the stack.

Nothing is imported here: importing one module loads only what that module needs.
"""
