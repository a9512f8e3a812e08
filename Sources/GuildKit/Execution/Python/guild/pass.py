# `main: guild.pass`: Guild AI's operation that does nothing, used for pipelines and tests.
