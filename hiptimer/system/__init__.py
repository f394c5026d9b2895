"""What HipTimer asks of the operating system: noticing sleep, keeping the screen on."""
