"""The policy views use the shared view helpers of the core."""

from pms.shortcuts import PAGE_SIZE, confirm_page, page_of, show_refusal

__all__ = ["PAGE_SIZE", "confirm_page", "page_of", "show_refusal"]
