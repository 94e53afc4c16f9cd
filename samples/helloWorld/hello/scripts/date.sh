#!/bin/bash
# date (a custom target): append the current date to hello.txt.
date -u +%Y-%m-%dT%H:%M:%SZ >> hello.txt
tail -n 1 hello.txt >> "$OCTOPODA_OUTPUT"
