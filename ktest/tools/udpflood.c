// SPDX-License-Identifier: GPL-2.0
/*
 * udpflood - send fixed-size UDP datagrams as fast as possible for a
 * while, for the packets-per-second benchmarks of the nDriver test VM.
 *
 *   udpflood ADDR PORT SECONDS SIZE     prints "sent N"
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	char buf[65536];
	unsigned long sent = 0, i;
	double end;
	size_t size;
	int fd;

	if (argc != 5) {
		fprintf(stderr, "usage: udpflood ADDR PORT SECONDS SIZE\n");
		return 2;
	}
	if (inet_pton(AF_INET, argv[1], &to.sin_addr) != 1) {
		fprintf(stderr, "udpflood: bad IPv4 address '%s'\n", argv[1]);
		return 2;
	}
	to.sin_port = htons(atoi(argv[2]));
	size = strtoul(argv[4], NULL, 0);
	if (size < 8 || size > sizeof(buf)) {
		fprintf(stderr, "udpflood: size must be 8..%zu\n", sizeof(buf));
		return 2;
	}
	memset(buf, 0x5a, sizeof(buf));
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("udpflood: socket");
		return 1;
	}
	end = now() + atof(argv[3]);
	for (i = 0; ; i++) {
		/* The clock is dear under emulation: look every 64 sends. */
		if (!(i & 63) && now() >= end)
			break;
		memcpy(buf, &i, sizeof(i));
		if (sendto(fd, buf, size, 0, (struct sockaddr *)&to,
			   sizeof(to)) == (ssize_t)size)
			sent++;
		else if (errno != ENOBUFS && errno != EAGAIN) {
			perror("udpflood: sendto");
			return 1;
		}
	}
	printf("sent %lu\n", sent);
	return 0;
}
