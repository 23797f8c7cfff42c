"""One way to build every command's argument parser from its module docstring."""

import argparse


def parser(doc, prog=None):
    """A parser whose description is the docstring's first paragraph and whose epilog is the
    rest (examples, exit codes), kept as written."""
    head, _, rest = doc.strip().partition("\n\n")
    return argparse.ArgumentParser(prog=prog, description=head, epilog=rest,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
