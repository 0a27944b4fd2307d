"""The Qt user interface: views and commands over the domain in model/, no business rules."""
