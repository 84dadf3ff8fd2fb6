"""Every model of every feature, imported so metadata (and migrations) see them all."""

from okconf.features import import_models

import_models()
