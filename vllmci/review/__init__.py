"""`vllmci review`: a change to the definitions, step by step.

Takes: a definitions directory inside a git checkout and a REF.
Gives: a `Review` (`compare`): the steps, mirrors and gates that the work tree
adds, removes or changes against the definitions at REF, field by field;
`report` prints it as text or JSON.
"""
