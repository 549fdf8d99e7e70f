"""The Qt front end: imports the core; the core never imports it."""
