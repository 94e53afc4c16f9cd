#!/bin/bash
# date (a custom target): append the current date to helloworld.txt.
date -u +%Y-%m-%dT%H:%M:%SZ >> helloworld.txt
tail -n 1 helloworld.txt >> "$OCTOPODA_OUTPUT"
