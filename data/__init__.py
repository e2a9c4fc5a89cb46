"""The demo team and sample data, shipped inside the package so a wheel install can load them."""
