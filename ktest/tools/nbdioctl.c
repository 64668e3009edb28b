// SPDX-License-Identifier: GPL-2.0
/*
 * nbdioctl - make one nbd ioctl on a device, so that a fault armed at
 * the driver's ioctl entry point has a call to fault in.
 *
 * Usage: nbdioctl DEVICE
 *
 * Issues NBD_CLEAR_QUE, which a connected nbd device accepts and ignores
 * ("for compatibility only" in the driver): a call that changes nothing,
 * made while a filesystem on the device is busy. Exit status 0 if the
 * ioctl returned 0, 1 otherwise (the error is printed).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/nbd.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: nbdioctl DEVICE\n");
		return 2;
	}
	fd = open(argv[1], O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "nbdioctl: cannot open %s: %s\n", argv[1],
			strerror(errno));
		return 1;
	}
	if (ioctl(fd, NBD_CLEAR_QUE) < 0) {
		fprintf(stderr, "nbdioctl: NBD_CLEAR_QUE on %s: %s\n", argv[1],
			strerror(errno));
		close(fd);
		return 1;
	}
	close(fd);
	return 0;
}
