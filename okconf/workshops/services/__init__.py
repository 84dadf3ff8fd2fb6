"""Workshop rules, one module per activity; callers import the module they need.

loading      rounds, workshops, participants, wishes and assignments as the others read them
wishes       participants' ranked wishes
assignment   running the solver, placing late registrants, moving and locking by hand
figures      the result page's figures and the infeasibility report in words
tables       mixed tables in the plenary or within workshops
publication  publishing, unpublishing, a participant's own placement
exports      the printable list, CSV and XLSX
"""
