"""Views of the customer portal, one module per screen group."""
