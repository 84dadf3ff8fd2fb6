"""Work that is the same for every app a test run makes, done once per process.

The suite makes a new app for every test (about 4,000 of them per backend), and each app
compiled the same ~320 URL rules and the same Jinja templates again: two thirds of a test's
set-up. What is shared here is pure (the same input gives the same output, whatever the app)
and holds no database or request state; every app still gets its own URL map, Jinja
environment, configuration and database session.

- `share_url_builders`: werkzeug turns every URL rule into two Python functions that build its
  URLs (it writes their source as an AST and compiles it, 1 ms a rule). The function reads only
  what the key below holds (the rule's parts, its defaults, whether to append unknown
  arguments); the rule it builds for is passed in at each call (`.self`), so one function
  serves the same rule in every app.
- `SharedTemplateCache`: a Jinja bytecode cache in memory shared by the test apps, so a
  template is parsed and compiled once per process, not once per test. Jinja checks the
  template's source (a checksum) before using the code; the key also holds what the compiled
  code depends on in the environment (syntax, extensions, filters and tests, autoescape), so an
  app configured otherwise compiles its own.
"""

from __future__ import annotations

from hashlib import sha1

from jinja2.bccache import Bucket, BytecodeCache


def share_url_builders() -> None:
    """Compile each distinct URL builder once per process (see the module's docstring)."""
    from werkzeug.routing.rules import Rule

    if getattr(Rule._compile_builder, "shared", False):
        return
    original = Rule._compile_builder
    builders: dict[tuple, object] = {}

    def _compile_builder(self, append_unknown: bool = True):
        defaults = self.defaults or {}
        # What werkzeug writes into the function: the rule (its name), the parts, the
        # defaults' names and, for a part that has a default, that default as it appears in
        # the URL.
        key = (
            append_unknown,
            self.rule,
            tuple(self._trace),
            tuple(str(name) for name in defaults),
            tuple(
                (data, self._converters[data].to_url(defaults[data]))
                for dynamic, data in self._trace
                if dynamic and data in defaults
            ),
        )
        builder = builders.get(key)
        if builder is None:
            builder = builders[key] = original(self, append_unknown)
        return builder

    _compile_builder.shared = True
    Rule._compile_builder = _compile_builder


def _environment_key(environment) -> tuple:
    """What a template's compiled code depends on in its environment besides the source."""
    autoescape = environment.autoescape
    return (
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.is_async,
        environment.finalize is not None,
        getattr(environment, "newstyle_gettext", None),
        getattr(autoescape, "__qualname__", autoescape),
        tuple(sorted(environment.extensions)),
        tuple(sorted((name, _passes(f)) for name, f in environment.filters.items())),
        tuple(sorted((name, _passes(f)) for name, f in environment.tests.items())),
    )


def _passes(function) -> str | None:
    """What Jinja passes a filter or test first (context, eval context, environment)."""
    return getattr(function, "jinja_pass_arg", None)


class SharedTemplateCache(BytecodeCache):
    """Compiled templates kept in memory for every test app of this process."""

    def __init__(self):
        self.code: dict[str, bytes] = {}

    def get_bucket(self, environment, name, filename, source):
        key = sha1(repr((_environment_key(environment), name, filename)).encode()).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket):
        data = self.code.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket):
        self.code[bucket.key] = bucket.bytecode_to_string()
