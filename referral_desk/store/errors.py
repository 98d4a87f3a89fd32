"""Errors opening a store, worded for the operator in Chinese and English."""


class StoreOpenError(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh}\n{en}")
        self.zh = zh
        self.en = en
