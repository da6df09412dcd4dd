"""Conduit: a blogging platform whose API follows the RealWorld ("Conduit") backend spec."""
