"""Step-up service: second factors, step-up challenges, sudo grants."""
