"""The sub-commands, one module each: `plan`, `upload`, `check`, `review`,
`import_yaml`.

Takes: the parsed command line (`argparse.Namespace`) of its sub-command.
Gives: an exit code (`run(args) -> int`); errors are raised as `VllmciError`
and mapped to exit codes by `vllmci.cli`, nowhere else.
"""
