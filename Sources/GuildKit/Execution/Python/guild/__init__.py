# Minimal `guild` package written by the Swift `guild` binary so that
# `python -m guild.op_main` works without Guild AI installed. It only
# provides `guild.op_main`; Guild AI's Python API (guild.ipy, guild._api,
# guild.summary, ...) is not available here.

import os

__pkgdir__ = os.path.dirname(os.path.dirname(__file__))

__version__ = "0.9.0"

__bootstrap__ = True
