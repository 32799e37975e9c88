"""HTML views of the tickets app, one module per screen.

files.py     attachment downloads
inbox.py     the staff inbox (tabs, filters, search, bulk actions)
settings.py  macro settings for managers
ticket.py, ticket_panel.py  the ticket page (routes in ../urls_ticket.py)
"""
